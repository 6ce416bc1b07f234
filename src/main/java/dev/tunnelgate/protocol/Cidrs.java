package dev.tunnelgate.protocol;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Strict parsing of allowed-IP prefixes into the one spelling that {@code wg show} prints, so that a
 * desired prefix and the interface's prefix compare equal as strings.
 */
public final class Cidrs {
    /** Longest canonical prefix is a full IPv6 address plus "/128". */
    public static final int MAX_LENGTH = 43;

    // No leading zeros: "010" is octal to some parsers and decimal to others.
    private static final Pattern IPV4 =
            Pattern.compile("(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})/(0|[1-9][0-9]?)");
    // Hex groups and colons only: keeps InetAddress from ever resolving a name or a zone id.
    private static final Pattern IPV6 = Pattern.compile("([0-9a-fA-F:]{2,39})/(0|[1-9][0-9]{0,2})");
    // The dump may print IPv4-compatible addresses with a dotted tail (glibc inet_ntop).
    private static final Pattern IPV6_DOTTED_TAIL = Pattern.compile("([0-9a-fA-F:]{2,29}[0-9.]{7,15})/(0|[1-9][0-9]{0,2})");

    private Cidrs() {
    }

    /** Parses a prefix such as {@code 10.0.0.2/32} or {@code fd00::2/128}; host bits must be zero. */
    public static String canonical(String text) {
        if (text.length() > MAX_LENGTH + 10) {
            throw invalid();
        }
        var v4 = IPV4.matcher(text);
        if (v4.matches()) {
            int prefix = Integer.parseInt(v4.group(5));
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(v4.group(i + 1));
                if (octet > 255) {
                    throw invalid();
                }
                bytes[i] = (byte) octet;
            }
            return format(bytes, prefix, 32);
        }
        var v6 = IPV6.matcher(text);
        if (v6.matches()) {
            return format(parseV6(v6.group(1)), Integer.parseInt(v6.group(2)), 128);
        }
        throw invalid();
    }

    /**
     * Checks an interface address such as {@code 10.8.0.1/24}: a single address of its family with a prefix
     * length that family allows. Host bits are expected here, so only the shape is checked.
     */
    public static String interfaceAddress(String address) {
        int slash = address.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("interface address needs a prefix length, e.g. 10.8.0.1/24");
        }
        String host = address.substring(0, slash);
        boolean v6 = host.contains(":");
        canonical(host + (v6 ? "/128" : "/32"));
        canonical((v6 ? "::" : "0.0.0.0") + address.substring(slash));
        return address;
    }

    /** Like {@link #canonical} but also accepts the dotted-tail IPv6 spelling {@code wg show} may print. */
    public static String canonicalFromWg(String text) {
        var dotted = IPV6_DOTTED_TAIL.matcher(text);
        if (text.indexOf(':') >= 0 && dotted.matches()) {
            return format(parseV6(dotted.group(1)), Integer.parseInt(dotted.group(2)), 128);
        }
        return canonical(text);
    }

    private static byte[] parseV6(String address) {
        try {
            InetAddress parsed = InetAddress.getByName(address);
            // The JDK turns ::ffff:a.b.c.d into an Inet4Address; WireGuard keeps it IPv6. Refuse the ambiguity.
            if (!(parsed instanceof Inet6Address)) {
                throw invalid();
            }
            return parsed.getAddress();
        } catch (UnknownHostException e) {
            throw invalid();
        }
    }

    private static String format(byte[] bytes, int prefix, int bits) {
        if (prefix > bits) {
            throw invalid();
        }
        for (int bit = prefix; bit < bits; bit++) {
            if ((bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                // 10.0.0.5/24 is almost always a typo; wg would silently widen it to 10.0.0.0/24.
                throw new IllegalArgumentException("allowed IP has host bits set beyond its prefix");
            }
        }
        return (bits == 32 ? formatV4(bytes) : formatV6(bytes)) + "/" + prefix;
    }

    private static String formatV4(byte[] b) {
        return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
    }

    /** RFC 5952: lower case, no leading zeros, the longest run (two or more) of zero groups as "::". */
    private static String formatV6(byte[] b) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        if (bestLength < 2) {
            bestStart = -1;
        }
        var out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    private static IllegalArgumentException invalid() {
        return new IllegalArgumentException("allowed IP is not an IPv4 or IPv6 prefix such as 10.0.0.2/32 or fd00::2/128");
    }
}
