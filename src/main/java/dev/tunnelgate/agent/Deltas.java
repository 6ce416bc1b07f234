package dev.tunnelgate.agent;

import dev.tunnelgate.protocol.GatewayState;
import dev.tunnelgate.protocol.Grant;
import dev.tunnelgate.protocol.PeerSetHash;
import dev.tunnelgate.protocol.PeerSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Checks a delta against the applied snapshot before a single peer is touched. */
final class Deltas {
    private Deltas() {}

    /**
     * The snapshot the delta leads to. Refused when the delta does not start at the applied revision, or when
     * the resulting peer set is not the one the portal hashed: then only a snapshot can be trusted.
     */
    static GatewayState merge(GatewayState applied, GatewayState delta) {
        if (delta.kind() != GatewayState.Kind.DELTA) {
            throw new IllegalArgumentException("not a delta");
        }
        if (delta.since() != applied.revision()) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "delta %d->%d does not start at the applied revision %d",
                    delta.since(),
                    delta.revision(),
                    applied.revision()));
        }
        Map<String, PeerSpec> peers = new LinkedHashMap<>();
        applied.peers().forEach(peer -> peers.put(peer.publicKey(), peer));
        // The hash is kept up to date per peer, as the portal does: rehashing 10,000 peers per delta would cost more
        // than applying the change.
        String hash = applied.hash();
        for (String key : delta.removed()) {
            PeerSpec old = peers.remove(key);
            if (old != null) {
                hash = PeerSetHash.remove(hash, old);
            }
        }
        for (PeerSpec peer : delta.peers()) {
            PeerSpec old = peers.put(peer.publicKey(), peer);
            hash = PeerSetHash.add(old == null ? hash : PeerSetHash.remove(hash, old), peer);
        }
        if (!hash.equals(delta.hash())) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "delta %d->%d does not lead to the portal's peer set (hash differs)",
                    delta.since(),
                    delta.revision()));
        }
        List<PeerSpec> result = List.copyOf(peers.values());
        Reconciler.requireConsistent(result);
        // A delta carries the grants of the peers it names; the others keep theirs. Grants no peer names any more go.
        Map<String, Grant> grants = new HashMap<>();
        for (PeerSpec peer : result) {
            if (peer.grant() != null) {
                Grant grant = delta.grants()
                        .getOrDefault(peer.grant(), applied.grants().get(peer.grant()));
                if (grant == null) {
                    throw new IllegalArgumentException("peer " + peer.publicKey() + " names an unknown grant");
                }
                grants.put(peer.grant(), grant);
            }
        }
        return new GatewayState(
                delta.revision(),
                GatewayState.Kind.SNAPSHOT,
                0,
                hash,
                delta.interfaceConfig(),
                result,
                List.of(),
                grants);
    }

    /**
     * What the delta changes on the interface: the peers it removes, and the peers it names whose line differs
     * from the applied one. A peer whose only change is its grant (a policy edit) is left alone on the interface;
     * its access rules change in the firewall. One changed device touches at most one peer.
     */
    static List<PeerChange> changes(GatewayState applied, GatewayState delta) {
        Map<String, PeerSpec> before = new HashMap<>();
        applied.peers().forEach(peer -> before.put(peer.publicKey(), peer));
        var changes = new ArrayList<PeerChange>();
        delta.removed().forEach(key -> changes.add(new PeerChange.Remove(key)));
        for (PeerSpec peer : delta.peers()) {
            PeerSpec old = before.get(peer.publicKey());
            boolean sameLine = old != null
                    && java.util.Objects.equals(old.presharedKey(), peer.presharedKey())
                    && old.allowedIps().equals(peer.allowedIps());
            if (!sameLine) {
                changes.add(new PeerChange.Upsert(peer));
            }
        }
        return changes;
    }
}
