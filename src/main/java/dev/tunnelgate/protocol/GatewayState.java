package dev.tunnelgate.protocol;

import dev.tunnelgate.keys.KeyText;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the portal sends a gateway: either the whole desired peer set at {@code revision} (a snapshot) or the
 * changes since {@code since} (a delta). Both carry the hash of the full desired peer set at {@code revision}
 * ({@link PeerSetHash}), so an agent can prove that a delta brought it to exactly the portal's state.
 *
 * @param since   the revision a delta starts from; 0 for a snapshot
 * @param peers   peers to create or set (a snapshot: every desired peer)
 * @param removed public keys to remove (always empty in a snapshot: what it does not name goes)
 * @param grants  the grant of every peer in {@code peers} that has one, by key, and no other
 */
public record GatewayState(
        long revision,
        Kind kind,
        long since,
        String hash,
        InterfaceConfig interfaceConfig,
        List<PeerSpec> peers,
        List<String> removed,
        Map<String, Grant> grants) {
    public enum Kind {
        SNAPSHOT,
        DELTA
    }

    public GatewayState {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(interfaceConfig, "interfaceConfig");
        if (revision < 0) {
            throw new IllegalArgumentException("revision must not be negative");
        }
        if (kind == Kind.SNAPSHOT && (since != 0 || !removed.isEmpty())) {
            throw new IllegalArgumentException("a snapshot has no base revision and removes nothing by name");
        }
        if (kind == Kind.DELTA && (since < 0 || since >= revision)) {
            throw new IllegalArgumentException("a delta must start before its revision");
        }
        PeerSetHash.requireHash(hash);
        peers = List.copyOf(peers);
        removed = List.copyOf(removed);
        var keys = new HashSet<String>();
        for (PeerSpec peer : peers) {
            if (!keys.add(peer.publicKey())) {
                throw new IllegalArgumentException("peer " + peer.publicKey() + " is named twice");
            }
        }
        grants = Map.copyOf(grants);
        var named = new HashSet<String>();
        for (PeerSpec peer : peers) {
            if (peer.grant() != null) {
                if (!grants.containsKey(peer.grant())) {
                    throw new IllegalArgumentException("peer " + peer.publicKey() + " names a grant the state lacks");
                }
                named.add(peer.grant());
            }
        }
        for (var entry : grants.entrySet()) {
            if (!entry.getKey().equals(entry.getValue().key())) {
                throw new IllegalArgumentException("grant " + entry.getKey() + " does not match its rules");
            }
            if (!named.contains(entry.getKey())) {
                throw new IllegalArgumentException("grant " + entry.getKey() + " is named by no peer");
            }
        }
        for (String key : removed) {
            if (!keys.add(KeyText.requireKey(key, "removed public key"))) {
                throw new IllegalArgumentException("peer " + key + " is named twice");
            }
        }
    }

    /** The same state with another interface config (the peer set and its hash are unchanged). */
    public GatewayState withInterfaceConfig(InterfaceConfig config) {
        return new GatewayState(revision, kind, since, hash, config, peers, removed, grants);
    }

    /** A state whose peers have no grants. */
    public GatewayState(
            long revision,
            Kind kind,
            long since,
            String hash,
            InterfaceConfig interfaceConfig,
            List<PeerSpec> peers,
            List<String> removed) {
        this(revision, kind, since, hash, interfaceConfig, peers, removed, Map.of());
    }

    public static GatewayState snapshot(long revision, InterfaceConfig interfaceConfig, List<PeerSpec> peers) {
        return snapshot(revision, interfaceConfig, peers, Map.of());
    }

    public static GatewayState snapshot(
            long revision, InterfaceConfig interfaceConfig, List<PeerSpec> peers, Map<String, Grant> grants) {
        return new GatewayState(
                revision, Kind.SNAPSHOT, 0, PeerSetHash.of(peers), interfaceConfig, peers, List.of(), grants);
    }
}
