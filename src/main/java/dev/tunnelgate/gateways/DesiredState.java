package dev.tunnelgate.gateways;

import dev.tunnelgate.devices.DevicePeer;
import dev.tunnelgate.devices.DevicePeers;
import dev.tunnelgate.devices.DeviceStatus;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.protocol.GatewayState;
import dev.tunnelgate.protocol.Grant;
import dev.tunnelgate.protocol.InterfaceConfig;
import dev.tunnelgate.protocol.PeerSetHash;
import dev.tunnelgate.protocol.PeerSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Computes what a gateway group should carry: a snapshot of every active device of its networks, or the delta
 * since a revision. Reads run in one repeatable-read transaction, so revision, hash and peers are one state.
 */
@Component
@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
public class DesiredState {
    /** Past this many changed keys a snapshot is cheaper to apply and to compute than a delta. */
    static final int MAX_DELTA_KEYS = 2000;

    private static final Logger log = LoggerFactory.getLogger(DesiredState.class);

    private final GatewayGroupRepository groups;
    private final DevicePeers devicePeers;
    private final NetworkService networks;
    private final JdbcTemplate jdbc;

    DesiredState(GatewayGroupRepository groups, DevicePeers devicePeers, NetworkService networks, JdbcTemplate jdbc) {
        this.groups = groups;
        this.devicePeers = devicePeers;
        this.networks = networks;
        this.jdbc = jdbc;
    }

    /** The group's current revision. */
    long revision(long groupId) {
        return Objects.requireNonNull(
                jdbc.queryForObject("select revision from gateway_group where id = ?", Long.class, groupId));
    }

    /**
     * What an agent at revision {@code since} needs: empty when it is up to date (and asked for no snapshot), a
     * delta when the change log covers the gap, otherwise a snapshot.
     */
    public Optional<GatewayState> since(long groupId, long since, boolean snapshot) {
        var group = groups.findById(groupId).orElseThrow();
        long revision = revision(groupId);
        if (!snapshot && since == revision) {
            return Optional.empty();
        }
        if (snapshot || since == 0 || since > revision) {
            return Optional.of(snapshot(group, revision));
        }
        List<String> keys = jdbc
                .queryForList(
                        "select distinct public_key from gateway_change where group_id = ? and revision > ? and revision <= ?",
                        String.class,
                        groupId,
                        since,
                        revision)
                .stream()
                .map(Objects::requireNonNull)
                .toList();
        if (keys.contains(Revisions.WHOLE_SET) || keys.size() > MAX_DELTA_KEYS) {
            return Optional.of(snapshot(group, revision));
        }
        var upserts = new ArrayList<DevicePeer>();
        var removed = new java.util.LinkedHashSet<String>(keys);
        for (DevicePeer peer : devicePeers.byPublicKeys(keys, group.networkIds())) {
            if (peer.status() == DeviceStatus.ACTIVE) {
                upserts.add(peer);
                removed.remove(peer.publicKey());
            }
        }
        String hash = Objects.requireNonNull(
                jdbc.queryForObject("select peer_hash from gateway_group where id = ?", String.class, groupId));
        return Optional.of(new GatewayState(
                revision,
                GatewayState.Kind.DELTA,
                since,
                hash,
                interfaceConfig(group),
                specs(upserts),
                List.copyOf(removed),
                grants(upserts)));
    }

    private GatewayState snapshot(GatewayGroup group, long revision) {
        var peers = devicePeers.active(group.networkIds());
        var state = GatewayState.snapshot(revision, interfaceConfig(group), specs(peers), grants(peers));
        String stored =
                jdbc.queryForObject("select peer_hash from gateway_group where id = ?", String.class, group.id());
        if (!state.hash().equals(stored)) {
            // Only a change that bypassed Revisions can cause this; agents then reject deltas and fall back to
            // snapshots.
            log.warn("Gateway group {}: stored peer hash differs from its peers at revision {}", group.id(), revision);
        }
        return state;
    }

    /** Every desired peer of a group (with its grant), for snapshots and for recomputing its hash. */
    List<PeerSpec> peers(GatewayGroup group) {
        return peers(group.networkIds());
    }

    List<PeerSpec> peers(Collection<Long> networkIds) {
        return specs(devicePeers.active(networkIds));
    }

    String hash(GatewayGroup group) {
        return PeerSetHash.of(peers(group));
    }

    private static List<PeerSpec> specs(List<DevicePeer> peers) {
        return peers.stream().map(DevicePeer::spec).toList();
    }

    /** The grants these peers name, by key: what a state must carry with them. */
    private static Map<String, Grant> grants(List<DevicePeer> peers) {
        var grants = new HashMap<String, Grant>();
        for (DevicePeer peer : peers) {
            Grant grant = peer.grant();
            if (grant != null) {
                grants.putIfAbsent(grant.key(), grant);
            }
        }
        return grants;
    }

    /**
     * The gateway's own addresses in each network it serves, with the network's prefix length, and the DNS servers
     * those networks hand to devices (for the agent to check; the first {@value InterfaceConfig#MAX_DNS_SERVERS}).
     */
    InterfaceConfig interfaceConfig(GatewayGroup group) {
        var addresses = new ArrayList<String>();
        var dnsServers = new java.util.LinkedHashSet<String>();
        for (long networkId : group.networkIds().stream().sorted().toList()) {
            var settings = networks.joinable(networkId).settings();
            settings.gatewayInterfaceAddresses().forEach(a -> addresses.add(a.toString()));
            settings.dnsServers().forEach(server -> dnsServers.add(server.toCanonicalString()));
        }
        return new InterfaceConfig(
                group.listenPort(),
                addresses,
                dnsServers.stream().limit(InterfaceConfig.MAX_DNS_SERVERS).toList());
    }
}
