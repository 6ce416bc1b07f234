package dev.tunnelgate.gateways;

import dev.tunnelgate.networks.NetworkSpec;
import dev.tunnelgate.protocol.InterfaceConfig;
import dev.tunnelgate.text.InvalidInputException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The networks of one gateway group share one WireGuard interface, so their pools must not overlap (two devices
 * would get the same allowed IP, which the interface cannot hold) and their gateway addresses together must fit
 * the interface. Also the lock that keeps a group's network set and its devices' changes in one order.
 */
@Component
class GroupNetworks {
    private final JdbcTemplate jdbc;

    GroupNetworks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Throws {@link InvalidInputException} naming {@code field} when these networks cannot share one interface. */
    static void requireCompatible(Map<Long, NetworkSpec> networks, String field) {
        var pools = new ArrayList<Pool>();
        int addresses = 0;
        for (var entry : networks.entrySet()) {
            var spec = entry.getValue();
            pools.add(new Pool(spec.name(), prefix(spec.ipv4Pool())));
            if (spec.ipv6Pool() != null) {
                pools.add(new Pool(spec.name(), prefix(spec.ipv6Pool())));
            }
            addresses += spec.gatewayAddresses().size();
        }
        for (int i = 0; i < pools.size(); i++) {
            for (int j = i + 1; j < pools.size(); j++) {
                var a = pools.get(i);
                var b = pools.get(j);
                if (!a.network().equals(b.network()) && overlap(a.prefix(), b.prefix())) {
                    throw new InvalidInputException(field, "The pools of \"%s\" and \"%s\" overlap; networks served by one gateway group need separate pools"
                            .formatted(a.network(), b.network()));
                }
            }
        }
        if (addresses > InterfaceConfig.MAX_ADDRESSES) {
            throw new InvalidInputException(field, "These networks have %d gateway addresses; one gateway interface takes at most %d"
                    .formatted(addresses, InterfaceConfig.MAX_ADDRESSES));
        }
    }

    /**
     * Locks the network rows (ascending, so two callers never wait on each other crosswise) for the rest of the
     * transaction. Device changes take the same lock before they look for the group that serves their network,
     * and group edits take it before they change which networks a group serves: without it, a device revoked
     * while its network joins a group could be missed by both. An update that leaves the key alone, like the
     * address allocator's, so foreign-key checks of concurrent inserts do not queue behind it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void lock(Collection<Long> networkIds) {
        networkIds.stream().distinct().sorted().forEach(id -> jdbc.update("update network set version = version where id = ?", id));
    }

    private record Pool(String network, IPAddress prefix) {
    }

    private static IPAddress prefix(String cidr) {
        // Stored pools are canonical prefixes (NetworkValidator), so this parse cannot fail.
        return new IPAddressString(cidr).getAddress().toPrefixBlock();
    }

    private static boolean overlap(IPAddress a, @Nullable IPAddress b) {
        return b != null && a.getIPVersion() == b.getIPVersion() && (a.contains(b) || b.contains(a));
    }
}
