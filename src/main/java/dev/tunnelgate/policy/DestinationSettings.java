package dev.tunnelgate.policy;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.protocol.AccessRule;
import dev.tunnelgate.protocol.PortRange;
import java.util.List;

/**
 * A destination as {@link DestinationValidator} accepted it: prefixes are networks (host bits clear), sorted, none
 * twice; ports are sorted, none overlapping, and present exactly for TCP and UDP.
 */
public record DestinationSettings(
        String name, List<IpPrefix> prefixes, AccessProtocol protocol, List<PortRange> ports) {
    public DestinationSettings {
        prefixes = List.copyOf(prefixes);
        ports = List.copyOf(ports);
    }

    /** What the destination lets through, as grants carry it (prefixes aggregated, ports merged). */
    public AccessRule rule() {
        return new AccessRule(protocol, ports, prefixes);
    }

    /** Every value as text, as the audit log records it. */
    @Override
    public String toString() {
        return "Destination[name=%s, prefixes=%s, protocol=%s, ports=%s]".formatted(name, prefixes, protocol, ports);
    }
}
