package dev.tunnelgate.networks;

import dev.tunnelgate.ip.IpAddresses;
import dev.tunnelgate.ip.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Spots DNS servers that point into the network's own tunnel: one of its gateway addresses, or any address of its
 * pools. Nothing answers DNS there unless the admin runs a resolver on the gateway, and clients lose name resolution
 * once the tunnel is up; so the form warns, and saving is still allowed (a resolver may be running there).
 */
final class DnsAdvice {
    private DnsAdvice() {}

    /** The DNS entries of the form's text that are inside the tunnel; entries that do not parse are the validator's. */
    static List<String> insideTunnel(NetworkSpec spec) {
        var pools = new ArrayList<IpPrefix>();
        addPool(pools, spec.ipv4Pool());
        addPool(pools, spec.ipv6Pool());
        var gateways = spec.gatewayAddresses().stream()
                .map(text -> IpAddresses.tryParse(text.strip()))
                .toList();
        var inside = new ArrayList<String>();
        for (var text : spec.dnsServers()) {
            var dns = IpAddresses.tryParse(text.strip());
            if (dns != null && (gateways.contains(dns) || pools.stream().anyMatch(pool -> pool.contains(dns)))) {
                inside.add(dns.toCanonicalString());
            }
        }
        return inside;
    }

    private static void addPool(List<IpPrefix> pools, @Nullable String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        try {
            pools.add(IpPrefix.parse(text.strip()));
        } catch (RuntimeException notAPrefix) {
            // The validator names it when the form is saved.
        }
    }
}
