package dev.tunnelgate.protocol;

import java.util.regex.Pattern;

/** Destination ports {@code first} to {@code last}, both included: {@code 443} or {@code 8000-8080}. */
public record PortRange(int first, int last) implements Comparable<PortRange> {
    private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,4}");

    public PortRange {
        if (first < 1 || first > 65535 || last < 1 || last > 65535) {
            throw new IllegalArgumentException("a port must be between 1 and 65535");
        }
        if (first > last) {
            throw new IllegalArgumentException("a port range must not run backwards (" + first + "-" + last + ")");
        }
    }

    public static PortRange single(int port) {
        return new PortRange(port, port);
    }

    /** Reads {@code 443} or {@code 8000-8080}: decimal, no sign, no leading zeros, no spaces. */
    public static PortRange parse(String text) {
        int dash = text.indexOf('-');
        String first = dash < 0 ? text : text.substring(0, dash);
        String last = dash < 0 ? text : text.substring(dash + 1);
        return new PortRange(port(first), port(last));
    }

    private static int port(String text) {
        if (!NUMBER.matcher(text).matches()) {
            throw new IllegalArgumentException("a port is a number between 1 and 65535, and a range is two of them"
                    + " joined by '-' (8000-8080)");
        }
        return Integer.parseInt(text);
    }

    public boolean overlaps(PortRange other) {
        return first <= other.last && other.first <= last;
    }

    public boolean contains(int port) {
        return first <= port && port <= last;
    }

    @Override
    public int compareTo(PortRange other) {
        return first != other.first ? Integer.compare(first, other.first) : Integer.compare(last, other.last);
    }

    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
