package dev.tunnelgate.ip;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Reads IP literals in their plain dotted or colon form only, so one text can never mean two addresses. */
public final class IpAddresses {
    // Excludes zones (%), wildcards, ranges, prefixes and masks before the library sees the text.
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final IPAddressStringParameters PARAMETERS = parameters();

    private IpAddresses() {}

    /** The address, or null when the text is not a plain IPv4 or IPv6 literal. */
    public static @Nullable IPAddress tryParse(String text) {
        if (!LITERAL.matcher(text).matches()) {
            return null;
        }
        IPAddress address = new IPAddressString(text, PARAMETERS).getAddress();
        if (address == null || address.isMultiple() || address.isPrefixed()) {
            return null;
        }
        return address;
    }

    public static IPAddress parse(String text, String what) {
        IPAddress address = tryParse(text);
        if (address == null) {
            throw new InvalidAddressException(what + " is not a plain IPv4 or IPv6 address");
        }
        return address;
    }

    public static IPAddress requireSingle(IPAddress address, String what) {
        if (address.isMultiple()) {
            throw new InvalidAddressException(what + " must be a single address, not a range");
        }
        return address.withoutPrefixLength();
    }

    private static IPAddressStringParameters parameters() {
        IPAddressStringParameters.Builder builder = new IPAddressStringParameters.Builder()
                .allowEmpty(false)
                .allowPrefix(false)
                .allowMask(false)
                .allow_inet_aton(false);
        builder.allowSingleSegment(false);
        // "010.0.0.1" is 8.0.0.1 to some resolvers and 10.0.0.1 to others.
        builder.getIPv4AddressParametersBuilder().allowLeadingZeros(false);
        builder.getIPv6AddressParametersBuilder().allowZone(false);
        return builder.toParams();
    }
}
