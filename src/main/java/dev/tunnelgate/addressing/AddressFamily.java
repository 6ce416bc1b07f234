package dev.tunnelgate.addressing;

/** IPv4 or IPv6: a network has one pool of each at most, and a device one lease from each. */
public enum AddressFamily {
    IPV4("ipv4"),
    IPV6("ipv6");

    private final String code;

    AddressFamily(String code) {
        this.code = code;
    }

    /** The spelling stored in the database. */
    public String code() {
        return code;
    }

    static AddressFamily ofCode(String code) {
        for (var family : values()) {
            if (family.code.equals(code)) {
                return family;
            }
        }
        throw new IllegalArgumentException("Unknown address family '%s'".formatted(code));
    }
}
