package dev.tunnelgate.protocol;

import dev.tunnelgate.ip.IpAddresses;
import java.util.Objects;

/**
 * What the agent found at one DNS server address of its networks: whether a DNS query sent from the gateway got an
 * answer. Any DNS answer counts, an error code too: the question is whether a client's resolver there is heard at all.
 *
 * @param address a DNS server address as the portal sent it (canonical, a single IPv4 or IPv6 address)
 */
public record DnsCheck(String address, Outcome outcome) {
    public enum Outcome {
        /** A query over UDP was answered. */
        OK,
        /** Only a query over TCP was answered: most resolvers ask over UDP first and give up or wait. */
        TCP_ONLY,
        /** Neither a UDP nor a TCP query was answered within the probe's timeout. */
        NO_ANSWER
    }

    public DnsCheck {
        address = canonicalAddress(address);
        Objects.requireNonNull(outcome, "outcome");
    }

    /** The address itself when it is a plain IP address in canonical form; refuses anything else. */
    public static String canonicalAddress(String address) {
        Objects.requireNonNull(address, "address");
        var parsed = IpAddresses.tryParse(address);
        if (parsed == null || !parsed.toCanonicalString().equals(address)) {
            throw new IllegalArgumentException("a DNS server must be a single IP address in canonical form");
        }
        return address;
    }
}
