package dev.tunnelgate.agent;

import java.util.regex.Pattern;

/** Linux interface names as {@code wg} and {@code ip} accept them; checked before they reach an argv. */
final class InterfaceNames {
    // IFNAMSIZ is 16 including the terminating NUL; no '/' or whitespace, and never an option-like "-x".
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_=+.][A-Za-z0-9_=+.-]{0,14}");

    private InterfaceNames() {}

    static String require(String name) {
        if (!NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a usable interface name (1-15 of A-Z a-z 0-9 _ = + . -)");
        }
        return name;
    }
}
