package dev.tunnelgate.gateways;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.networks.NetworkSettings;
import dev.tunnelgate.protocol.InterfaceConfig;
import dev.tunnelgate.text.FieldKey;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.Message;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
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
    private final NetworkService networks;

    GroupNetworks(NetworkService networks) {
        this.networks = networks;
    }

    /** Throws {@link InvalidInputException} naming {@code field} when these networks cannot share one interface. */
    /** The fields a refusal is shown on: the IPv4 and IPv6 pools that overlap, and the gateway addresses. */
    record Fields(FieldKey ipv4Pools, FieldKey ipv6Pools, FieldKey gatewayAddresses) {
        static Fields all(FieldKey field) {
            return new Fields(field, field, field);
        }
    }

    static void requireCompatible(Map<Long, NetworkSettings> settings, Fields fields) {
        var pools = new ArrayList<Pool>();
        int addresses = 0;
        for (var network : settings.values()) {
            network.pools().forEach(pool -> pools.add(new Pool(network.name(), pool)));
            addresses += network.gatewayAddresses().size();
        }
        for (int i = 0; i < pools.size(); i++) {
            for (int j = i + 1; j < pools.size(); j++) {
                var a = pools.get(i);
                var b = pools.get(j);
                if (!a.network().equals(b.network()) && a.prefix().overlaps(b.prefix())) {
                    throw new InvalidInputException(
                            a.prefix().isIPv4() ? fields.ipv4Pools() : fields.ipv6Pools(),
                            Message.of("refusals.gateway.pools-overlap", a.network(), b.network()));
                }
            }
        }
        if (addresses > InterfaceConfig.MAX_ADDRESSES) {
            throw new InvalidInputException(
                    fields.gatewayAddresses(),
                    Message.of("refusals.gateway.addresses", addresses, InterfaceConfig.MAX_ADDRESSES));
        }
    }

    /**
     * Locks the network rows (see {@link NetworkService#lock}) for the rest of the transaction. Device changes take
     * the same lock before they look for the group that serves their network, and group edits take it before they
     * change which networks a group serves: without it, a device revoked while its network joins a group could be
     * missed by both.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void lock(Collection<Long> networkIds) {
        networks.lock(networkIds);
    }

    private record Pool(String network, IpPrefix prefix) {}
}
