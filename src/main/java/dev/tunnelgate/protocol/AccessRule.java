package dev.tunnelgate.protocol;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.ip.IpPrefixes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One thing a grant lets through: traffic of {@code protocol} to {@code prefixes} (and, for TCP and UDP, to
 * {@code ports}). Canonical on construction: prefixes aggregated and sorted ({@link IpPrefixes#aggregate}), port
 * ranges merged and sorted, so equal rules are equal records and print the same.
 */
public record AccessRule(AccessProtocol protocol, List<PortRange> ports, List<IpPrefix> prefixes) {
    public AccessRule {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(prefixes, "prefixes");
        if (prefixes.isEmpty()) {
            throw new IllegalArgumentException("a rule needs at least one destination prefix");
        }
        if (protocol.hasPorts() && ports.isEmpty()) {
            throw new IllegalArgumentException(
                    "a " + protocol.name().toLowerCase(java.util.Locale.ROOT) + " rule needs at least one port");
        }
        if (!protocol.hasPorts() && !ports.isEmpty()) {
            throw new IllegalArgumentException("only tcp and udp rules take ports");
        }
        prefixes = IpPrefixes.aggregate(prefixes);
        ports = merge(ports);
    }

    /** Sorted, with overlapping and adjacent ranges joined. */
    static List<PortRange> merge(List<PortRange> ports) {
        var sorted = ports.stream().sorted().toList();
        var merged = new ArrayList<PortRange>();
        for (PortRange range : sorted) {
            if (!merged.isEmpty() && merged.getLast().last() >= range.first() - 1) {
                PortRange last = merged.removeLast();
                merged.add(new PortRange(last.first(), Math.max(last.last(), range.last())));
            } else {
                merged.add(range);
            }
        }
        return List.copyOf(merged);
    }

    /** Whether traffic to this address and port (null: any port, e.g. ICMP) of this protocol matches. */
    public boolean matches(
            inet.ipaddr.IPAddress address,
            AccessProtocol trafficProtocol,
            @org.jspecify.annotations.Nullable Integer port) {
        if (prefixes.stream().noneMatch(p -> p.contains(address))) {
            return false;
        }
        if (protocol == AccessProtocol.ANY) {
            return true;
        }
        if (protocol != trafficProtocol) {
            return false;
        }
        return !protocol.hasPorts() || (port != null && ports.stream().anyMatch(r -> r.contains(port)));
    }

    /** The ports as the wire and nftables write them: {@code 22,443,8000-8080}, or {@code -} for none. */
    public String portsText() {
        return ports.isEmpty()
                ? "-"
                : String.join(",", ports.stream().map(PortRange::toString).toList());
    }

    /** {@code tcp 443 10.1.0.0/16,fd00:1::/64}: the canonical line, which {@link Grant#key()} hashes. */
    @Override
    public String toString() {
        return protocol.name().toLowerCase(java.util.Locale.ROOT)
                + ' '
                + portsText()
                + ' '
                + String.join(",", prefixes.stream().map(IpPrefix::toString).toList());
    }
}
