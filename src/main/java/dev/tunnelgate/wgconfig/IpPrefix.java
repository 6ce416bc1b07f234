package dev.tunnelgate.wgconfig;

import inet.ipaddr.IPAddress;
import java.util.regex.Pattern;

/**
 * An IP address with a prefix length, as in {@code Address = 10.8.0.5/24} or
 * {@code AllowedIPs = 10.8.0.0/16}. Equality is on the address and the prefix length.
 */
public record IpPrefix(IPAddress address, int prefixLength) {
    private static final Pattern PREFIX_LENGTH = Pattern.compile("0|[1-9][0-9]{0,2}");

    public IpPrefix {
        address = IpAddresses.requireSingle(address, "Address");
        if (prefixLength < 0 || prefixLength > address.getBitCount()) {
            throw new InvalidConfigException("Prefix length must be between 0 and %d, got %d"
                    .formatted(address.getBitCount(), prefixLength));
        }
    }

    /** Parses {@code address/length}; the length is required, because "10.0.0.1" alone is ambiguous to readers. */
    public static IpPrefix parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new InvalidConfigException("Address needs a prefix length, e.g. 10.0.0.2/32 or fd00::2/128");
        }
        String length = text.substring(slash + 1);
        if (!PREFIX_LENGTH.matcher(length).matches()) {
            throw new InvalidConfigException("Prefix length must be a number without leading zeros");
        }
        return new IpPrefix(IpAddresses.parse(text.substring(0, slash), "Address"), Integer.parseInt(length));
    }

    /** Whether all host bits are zero, as a network in AllowedIPs should be. */
    public boolean isNetwork() {
        return network().equals(this);
    }

    /** The same prefix with the host bits cleared. */
    public IpPrefix network() {
        return new IpPrefix(address.toPrefixBlock(prefixLength).getLower(), prefixLength);
    }

    public boolean isIPv4() {
        return address.isIPv4();
    }

    @Override
    public String toString() {
        return address.toCanonicalString() + "/" + prefixLength;
    }
}
