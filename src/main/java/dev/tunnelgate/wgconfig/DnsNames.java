package dev.tunnelgate.wgconfig;

import java.util.regex.Pattern;

/** Host names as the resolver of a WireGuard client accepts them: LDH labels, nothing else. */
final class DnsNames {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private DnsNames() {}

    static boolean isValid(String name) {
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // An all-numeric last label ("10.1.2") is read as an IPv4 shorthand by getaddrinfo, not as a name.
        return !DIGITS.matcher(labels[labels.length - 1]).matches();
    }
}
