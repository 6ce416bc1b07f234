package dev.tunnelgate.gateways;

import dev.tunnelgate.devices.DevicePeerChanged;
import dev.tunnelgate.devices.DevicePeers;
import dev.tunnelgate.networks.NetworkChanged;
import dev.tunnelgate.networks.NetworkField;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.networks.NetworkSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Turns device and network changes into revisions of the gateway group that serves them, in the same transaction. */
@Component
class DesiredStateUpdates {
    private final GatewayGroupRepository groups;
    private final DevicePeers devicePeers;
    private final Revisions revisions;
    private final GroupNetworks groupNetworks;
    private final NetworkService networks;

    DesiredStateUpdates(
            GatewayGroupRepository groups,
            DevicePeers devicePeers,
            Revisions revisions,
            GroupNetworks groupNetworks,
            NetworkService networks) {
        this.groups = groups;
        this.devicePeers = devicePeers;
        this.revisions = revisions;
        this.groupNetworks = groupNetworks;
        this.networks = networks;
    }

    @EventListener
    void on(DevicePeerChanged event) {
        // The same lock a group edit takes before changing which networks it serves (see GroupNetworks.lock).
        groupNetworks.lock(List.of(event.networkId()));
        groups.findServing(event.networkId()).ifPresent(group -> {
            var peer = devicePeers
                    .byPublicKey(event.publicKey(), Set.of(event.networkId()))
                    .orElseThrow();
            revisions.peerChanged(group.id(), peer.spec(), event.active());
        });
    }

    /** A network edit that would make its group's networks overlap is refused: the exception rolls it back. */
    @EventListener
    void on(NetworkChanged event) {
        groupNetworks.lock(List.of(event.networkId()));
        groups.findServing(event.networkId()).ifPresent(group -> {
            var specs = new HashMap<Long, NetworkSettings>();
            group.networkIds().forEach(id -> specs.put(id, networks.get(id)));
            GroupNetworks.requireCompatible(
                    specs,
                    new GroupNetworks.Fields(
                            NetworkField.IPV4_POOL, NetworkField.IPV6_POOL, NetworkField.GATEWAY_ADDRESSES));
            revisions.settingsChanged(group.id());
        });
    }
}
