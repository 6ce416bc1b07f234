package dev.tunnelgate.addressing;

import dev.tunnelgate.ip.IpPrefix;
import inet.ipaddr.AddressStringException;
import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The addresses a network hands to its devices: one IPv4 or IPv6 prefix and the gateway addresses
 * inside it. Hosts are numbered from 0 (the address after the network address) to {@link #size()}
 * - 1; the network address and, for IPv4, the broadcast address have no index. Reserved addresses
 * keep their index so that indexes never shift; the allocator skips them.
 *
 * <p>Bounds: IPv4 /8 to /30 (at least two hosts; /31 and /32 leave nothing to hand out), IPv6 /64
 * to /126. An IPv6 /64 has 2^64 addresses, more than any portal will ever lease, so the index space
 * is capped at the first {@value #MAX_HOSTS} hosts; a reserved address beyond the cap is accepted
 * and simply never in the way.
 */
public record AddressPool(IPAddress prefix, Set<IPAddress> reserved) {
    /** The largest index space: 2^32 hosts, enough for any fleet and small enough to count in a long. */
    public static final long MAX_HOSTS = 1L << 32;

    static final int IPV4_SHORTEST = 8;
    static final int IPV4_LONGEST = 30;
    static final int IPV6_SHORTEST = 64;
    static final int IPV6_LONGEST = 126;

    // No inet_aton short forms, IPv4 leading zeros (octal to some parsers), masks, ranges, wildcards or zones.
    private static final IPAddressStringParameters STRICT = new IPAddressStringParameters.Builder()
            .allowEmpty(false)
            .allowAll(false)
            .allowSingleSegment(false)
            .allowMask(false)
            .allowPrefixOnly(false)
            .allowWildcardedSeparator(false)
            .allow_inet_aton(false)
            .setRangeOptions(RangeParameters.NO_RANGE)
            .getIPv4AddressParametersBuilder()
            .allowLeadingZeros(false)
            .allowPrefixLengthLeadingZeros(false)
            .getParentBuilder()
            .getIPv6AddressParametersBuilder()
            .allowZone(false)
            .allowUnlimitedLeadingZeros(false)
            .allowPrefixLengthLeadingZeros(false)
            .getParentBuilder()
            .toParams();

    public AddressPool {
        if (!prefix.isPrefixed() || !prefix.isSinglePrefixBlock()) {
            throw new InvalidPoolException(
                    "Pool %s is not a prefix with zero host bits, such as 10.8.0.0/16".formatted(prefix));
        }
        checkBounds(prefix);
        var hosts = new LinkedHashSet<IPAddress>();
        for (var address : reserved) {
            hosts.add(checkReserved(prefix, address));
        }
        reserved = Set.copyOf(hosts);
    }

    /** The pool of a network's prefix (host bits clear) with the gateway addresses inside it. */
    public static AddressPool of(IpPrefix prefix, Collection<IPAddress> reserved) {
        return new AddressPool(prefix.block(), new LinkedHashSet<>(reserved));
    }

    /** Parses a pool such as {@code 10.8.0.0/16} or {@code fd00:8::/64} with its gateway addresses. */
    public static AddressPool parse(String cidr, String... reserved) {
        return parse(cidr, Arrays.asList(reserved));
    }

    /** Parses a pool such as {@code 10.8.0.0/16} or {@code fd00:8::/64} with its gateway addresses. */
    public static AddressPool parse(String cidr, Collection<String> reserved) {
        var prefix = parseAddress(cidr, "Pool");
        if (!prefix.isPrefixed()) {
            throw new InvalidPoolException(
                    "Pool '%s' has no prefix length; write it as %s/24 or similar".formatted(cidr, prefix));
        }
        if (!prefix.isSinglePrefixBlock()) {
            throw new InvalidPoolException("Pool '%s' has host bits set; did you mean %s?"
                    .formatted(cidr, prefix.toPrefixBlock().toCanonicalString()));
        }
        var addresses = new LinkedHashSet<IPAddress>();
        for (var text : reserved) {
            var address = parseAddress(text, "Reserved address");
            if (address.isPrefixed()) {
                throw new InvalidPoolException(
                        "Reserved address '%s' must be a single address without a prefix length".formatted(text));
            }
            addresses.add(address);
        }
        return new AddressPool(prefix, addresses);
    }

    public AddressFamily family() {
        return prefix.isIPv4() ? AddressFamily.IPV4 : AddressFamily.IPV6;
    }

    /** How many indexes the pool has, reserved ones included. */
    public long size() {
        var all = prefix.getCount();
        // The network address never; the broadcast address only exists in IPv4.
        var hosts = all.subtract(prefix.isIPv4() ? BigInteger.TWO : BigInteger.ONE);
        return hosts.min(BigInteger.valueOf(MAX_HOSTS)).longValueExact();
    }

    /** The address with the given index; 0 is the first address after the network address. */
    public IPAddress addressAt(long index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException(
                    "Index %d is outside pool %s (0..%d)".formatted(index, this, size() - 1));
        }
        return networkAddress().increment(index + 1);
    }

    /** The index of a host address of this pool; throws for any other address. */
    public long indexOf(IPAddress address) {
        var host = address.withoutPrefixLength();
        if (host.isMultiple() || !prefix.contains(host)) {
            throw new IllegalArgumentException("%s is not an address in pool %s".formatted(address, this));
        }
        var index = position(host);
        if (index.signum() < 0 || index.compareTo(BigInteger.valueOf(size())) >= 0) {
            throw new IllegalArgumentException(("%s has no index in pool %s: it is the network or broadcast address,"
                            + " or beyond the first %d hosts")
                    .formatted(address, this, MAX_HOSTS));
        }
        return index.longValueExact();
    }

    /** Whether the address at this index belongs to a gateway and must never be leased. */
    public boolean isReserved(long index) {
        return reserved.contains(addressAt(index));
    }

    /** How many indexes are reserved: the reserved addresses within the (capped) index space. */
    public long reservedIndexes() {
        var size = BigInteger.valueOf(size());
        return reserved.stream()
                .filter(address -> position(address).compareTo(size) < 0)
                .count();
    }

    @Override
    public String toString() {
        return prefix.toCanonicalString();
    }

    private BigInteger position(IPAddress host) {
        return networkAddress().enumerate(host).subtract(BigInteger.ONE);
    }

    private IPAddress networkAddress() {
        return prefix.getLower().withoutPrefixLength();
    }

    private static IPAddress parseAddress(String text, String what) {
        // The parser forgives surrounding blanks; a value with them did not come from where we think.
        if (text.chars().anyMatch(Character::isWhitespace)) {
            throw notAnAddress(text, what);
        }
        try {
            return new IPAddressString(text, STRICT).toAddress();
        } catch (AddressStringException e) {
            throw notAnAddress(text, what);
        }
    }

    private static InvalidPoolException notAnAddress(String text, String what) {
        return new InvalidPoolException(
                "%s '%s' is not an IPv4 or IPv6 address such as 10.8.0.0/16 or fd00:8::/64".formatted(what, text));
    }

    private static void checkBounds(IPAddress prefix) {
        int length = prefix.getNetworkPrefixLength();
        int shortest = prefix.isIPv4() ? IPV4_SHORTEST : IPV6_SHORTEST;
        int longest = prefix.isIPv4() ? IPV4_LONGEST : IPV6_LONGEST;
        if (length < shortest || length > longest) {
            throw new InvalidPoolException("Pool %s is too %s: an %s pool's prefix length must be /%d to /%d"
                    .formatted(
                            prefix.toCanonicalString(),
                            length < shortest ? "large" : "small",
                            prefix.isIPv4() ? "IPv4" : "IPv6",
                            shortest,
                            longest));
        }
    }

    private static IPAddress checkReserved(IPAddress prefix, IPAddress address) {
        if (address.isMultiple() || address.isPrefixed()) {
            throw new InvalidPoolException(
                    "Reserved address %s must be a single address without a prefix length".formatted(address));
        }
        if (!prefix.contains(address)) {
            throw new InvalidPoolException("Reserved address %s is not inside pool %s"
                    .formatted(address.toCanonicalString(), prefix.toCanonicalString()));
        }
        if (address.equals(prefix.getLower().withoutPrefixLength())) {
            throw new InvalidPoolException("Reserved address %s is the network address of pool %s, not a host"
                    .formatted(address.toCanonicalString(), prefix.toCanonicalString()));
        }
        if (prefix.isIPv4() && address.equals(prefix.getUpper().withoutPrefixLength())) {
            throw new InvalidPoolException("Reserved address %s is the broadcast address of pool %s, not a host"
                    .formatted(address.toCanonicalString(), prefix.toCanonicalString()));
        }
        return address;
    }
}
