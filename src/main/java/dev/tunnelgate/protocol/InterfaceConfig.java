package dev.tunnelgate.protocol;

import dev.tunnelgate.ip.IpPrefix;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What a gateway's interface itself looks like: its listen port and its tunnel addresses (with host bits,
 * e.g. {@code 10.10.0.1/16}). The private key never travels; each gateway keeps its own.
 *
 * @param dnsServers the DNS servers its networks hand to devices (distinct, canonical), which the agent checks for an
 *                   answer; not part of the interface itself, and sent only to agents that ask for them
 */
public record InterfaceConfig(int listenPort, List<String> addresses, List<String> dnsServers) {
    public static final int MAX_ADDRESSES = 64;
    /** 4 per network, and a group rarely serves more than a few networks; the rest go unchecked. */
    public static final int MAX_DNS_SERVERS = 16;

    public InterfaceConfig {
        if (listenPort < 1 || listenPort > 65535) {
            throw new IllegalArgumentException("listen port must be 1-65535");
        }
        Objects.requireNonNull(addresses, "addresses");
        if (addresses.size() > MAX_ADDRESSES) {
            throw new IllegalArgumentException("an interface takes at most " + MAX_ADDRESSES + " addresses");
        }
        addresses = addresses.stream()
                .map(address -> IpPrefix.parse(address).toString())
                .toList();
        if (new HashSet<>(addresses).size() != addresses.size()) {
            throw new IllegalArgumentException("interface addresses must be distinct");
        }
        Objects.requireNonNull(dnsServers, "dnsServers");
        if (dnsServers.size() > MAX_DNS_SERVERS) {
            throw new IllegalArgumentException("at most " + MAX_DNS_SERVERS + " DNS servers");
        }
        dnsServers = dnsServers.stream().map(DnsCheck::canonicalAddress).toList();
        if (new HashSet<>(dnsServers).size() != dnsServers.size()) {
            throw new IllegalArgumentException("DNS servers must be distinct");
        }
    }

    public InterfaceConfig(int listenPort, List<String> addresses) {
        this(listenPort, addresses, List.of());
    }

    /** The same interface without DNS servers: what an agent that did not ask for them gets. */
    public InterfaceConfig withoutDnsServers() {
        return new InterfaceConfig(listenPort, addresses);
    }

    /** Whether the interface itself differs (port, addresses); the DNS servers do not change it. */
    public boolean sameInterface(InterfaceConfig other) {
        return listenPort == other.listenPort && addresses.equals(other.addresses);
    }
}
