package dev.tunnelgate.wgconfig;

import dev.tunnelgate.ip.IpAddresses;
import inet.ipaddr.IPAddress;
import java.util.regex.Pattern;

/**
 * Where a peer is reached: an IP literal or a DNS name, and a UDP port. IP literals are kept in
 * canonical form so that equal endpoints compare equal.
 */
public record Endpoint(String host, int port) {
    private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,4}");

    public Endpoint {
        IPAddress ip = IpAddresses.tryParse(host);
        if (ip != null) {
            host = ip.toCanonicalString();
        } else if (host.indexOf(':') >= 0) {
            throw new InvalidConfigException("Endpoint host is not a valid IPv6 address");
        } else if (!DnsNames.isValid(host)) {
            throw new InvalidConfigException(
                    "Endpoint host must be an IP address or a DNS name of letters, digits, '-' and '.'");
        }
        if (port < 1 || port > 65535) {
            throw new InvalidConfigException("Endpoint port must be between 1 and 65535, got " + port);
        }
    }

    /** Parses {@code host:port}, {@code 192.0.2.1:51820} or {@code [2001:db8::1]:51820}. */
    public static Endpoint parse(String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new InvalidConfigException("Endpoint must look like [2001:db8::1]:51820");
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
            IPAddress ip = IpAddresses.tryParse(host);
            if (ip == null || !ip.isIPv6()) {
                throw new InvalidConfigException("Endpoint in brackets must be an IPv6 address");
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new InvalidConfigException("Endpoint needs a port, e.g. vpn.example.com:51820");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw new InvalidConfigException("An IPv6 endpoint must be in brackets, e.g. [2001:db8::1]:51820");
            }
        }
        if (!PORT.matcher(port).matches()) {
            throw new InvalidConfigException("Endpoint port must be a number between 1 and 65535");
        }
        return new Endpoint(host, Integer.parseInt(port));
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
