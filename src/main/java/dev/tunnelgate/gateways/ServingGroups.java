package dev.tunnelgate.gateways;

import dev.tunnelgate.networks.GatewayOwner;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A group owns the endpoint and public key of the networks it serves: {@link GatewayService} writes them into those
 * networks when the group is saved or first reports its key, and the network form shows them without an input.
 */
@Component
class ServingGroups implements GatewayOwner {
    private final GatewayGroupRepository groups;

    ServingGroups(GatewayGroupRepository groups) {
        this.groups = groups;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<String> groupServing(long networkId) {
        return groups.findServing(networkId).map(GatewayGroup::name);
    }
}
