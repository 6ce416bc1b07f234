package dev.tunnelgate.protocol;

/** Which traffic a rule of a grant lets through, besides its destination prefixes. */
public enum AccessProtocol {
    /** every protocol; takes no ports */
    ANY,
    /** TCP, to the rule's ports */
    TCP,
    /** UDP, to the rule's ports */
    UDP,
    /** ICMP for IPv4 and ICMPv6 for IPv6; takes no ports */
    ICMP;

    /** Whether rules of this protocol name destination ports. */
    public boolean hasPorts() {
        return this == TCP || this == UDP;
    }
}
