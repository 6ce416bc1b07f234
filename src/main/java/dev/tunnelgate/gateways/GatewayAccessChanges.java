package dev.tunnelgate.gateways;

import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.policy.AccessChanges;
import java.util.Collection;
import org.springframework.stereotype.Component;

/**
 * Placeholder until the policygw branch is merged: takes the network locks that the real implementation takes, and
 * publishes nothing to the gateways yet.
 */
@Component
class GatewayAccessChanges implements AccessChanges {
    private final NetworkService networks;

    GatewayAccessChanges(NetworkService networks) {
        this.networks = networks;
    }

    @Override
    public void before(Collection<Long> networkIds) {
        networks.lock(networkIds);
    }

    @Override
    public void after() {}
}
