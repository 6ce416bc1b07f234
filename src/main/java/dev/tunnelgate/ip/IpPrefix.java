package dev.tunnelgate.ip;

import inet.ipaddr.IPAddress;
import inet.ipaddr.ipv6.IPv6Address;
import java.util.regex.Pattern;

/**
 * An IP address with a prefix length, as in {@code Address = 10.8.0.5/24}, {@code AllowedIPs = 10.8.0.0/16} or an
 * allowed IP of a gateway's peer. Equality is on the address and the prefix length, and {@link #toString()} is the
 * spelling {@code wg show} prints (RFC 5952 for IPv6: lower case, no leading zeros, the longest run of two or more
 * zero groups as {@code ::}), so a desired prefix and one read back from an interface compare equal.
 *
 * <p>IPv4-mapped IPv6 addresses ({@code ::ffff:10.0.0.1}) are refused: WireGuard keeps them apart from the IPv4
 * address they name, so they never match the traffic an admin means. IPv4-compatible ones ({@code ::1.2.3.4}, as
 * {@code wg show} may print {@code ::102:304}) are read and printed in hex.
 */
public record IpPrefix(IPAddress address, int prefixLength) {
    // Before the constants below: they are parsed with it.
    private static final Pattern PREFIX_LENGTH = Pattern.compile("0|[1-9][0-9]{0,2}");

    /** Every IPv4 address, for a full tunnel. */
    public static final IpPrefix ALL_IPV4 = parse("0.0.0.0/0");
    /** Every IPv6 address, for a full tunnel. */
    public static final IpPrefix ALL_IPV6 = parse("::/0");

    public IpPrefix {
        address = IpAddresses.requireSingle(address, "Address");
        if (address instanceof IPv6Address v6 && v6.isIPv4Mapped()) {
            throw new InvalidAddressException("An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is not an IPv4 address to"
                    + " WireGuard; write the IPv4 address instead");
        }
        if (prefixLength < 0 || prefixLength > address.getBitCount()) {
            throw new InvalidAddressException(
                    "Prefix length must be between 0 and %d, got %d".formatted(address.getBitCount(), prefixLength));
        }
    }

    /**
     * Parses {@code address/length}; host bits are allowed (an interface address). The length is required, because
     * "10.0.0.1" alone is ambiguous to readers.
     */
    public static IpPrefix parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new InvalidAddressException("Address needs a prefix length, e.g. 10.0.0.2/32 or fd00::2/128");
        }
        String length = text.substring(slash + 1);
        if (!PREFIX_LENGTH.matcher(length).matches()) {
            throw new InvalidAddressException("Prefix length must be a number without leading zeros");
        }
        return new IpPrefix(IpAddresses.parse(text.substring(0, slash), "Address"), Integer.parseInt(length));
    }

    /** Parses a network such as {@code 10.0.0.0/24}: host bits beyond the length must be zero. */
    public static IpPrefix parseNetwork(String text) {
        var prefix = parse(text);
        if (!prefix.isNetwork()) {
            // 10.0.0.5/24 is almost always a typo; wg would silently widen it to 10.0.0.0/24.
            throw new InvalidAddressException("Prefix has host bits set beyond its length");
        }
        return prefix;
    }

    /** The single address: {@code /32} or {@code /128}. */
    public static IpPrefix host(IPAddress address) {
        return new IpPrefix(address, address.getBitCount());
    }

    /** Whether all host bits are zero, as a network in AllowedIPs should be. */
    public boolean isNetwork() {
        return network().equals(this);
    }

    /** The same prefix with the host bits cleared. */
    public IpPrefix network() {
        return new IpPrefix(block().getLower(), prefixLength);
    }

    /** Every address of the prefix, as the IPAddress library's prefix block (with its prefix length). */
    public IPAddress block() {
        return address.toPrefixBlock(prefixLength);
    }

    /** Whether the address is of this prefix's family and inside it. */
    public boolean contains(IPAddress other) {
        return other.getIPVersion() == address.getIPVersion() && block().contains(other);
    }

    /** Whether the two prefixes share an address. */
    public boolean overlaps(IpPrefix other) {
        return isIPv4() == other.isIPv4()
                && (block().contains(other.block()) || other.block().contains(block()));
    }

    public boolean isIPv4() {
        return address.isIPv4();
    }

    @Override
    public String toString() {
        return address.toCanonicalString() + "/" + prefixLength;
    }
}
