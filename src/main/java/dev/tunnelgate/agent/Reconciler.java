package dev.tunnelgate.agent;

import dev.tunnelgate.protocol.PeerSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Computes and applies the smallest set of peer changes that turns an interface into a desired snapshot. */
public final class Reconciler {
    private Reconciler() {}

    /**
     * Removals of peers not desired (sorted by key, so the plan is reproducible), then upserts of missing or
     * different peers in desired order. Unchanged peers are not named, so their sessions are not disturbed.
     */
    public static List<PeerChange> diff(List<PeerSpec> desired, InterfaceState current) {
        Map<String, PeerSpec> wanted = requireConsistent(desired);
        var changes = new ArrayList<PeerChange>();
        current.peers().keySet().stream()
                .filter(key -> !wanted.containsKey(key))
                .sorted()
                .forEach(key -> changes.add(new PeerChange.Remove(key)));
        for (PeerSpec spec : desired) {
            PeerState actual = current.peers().get(spec.publicKey());
            if (actual == null || !matches(spec, actual)) {
                changes.add(new PeerChange.Upsert(spec));
            }
        }
        return changes;
    }

    /** Brings the interface to exactly {@code desired} and returns what had to change (empty when in sync). */
    public static List<PeerChange> applySnapshot(WireGuardInterface wireGuard, List<PeerSpec> desired)
            throws IOException {
        List<PeerChange> changes = diff(desired, wireGuard.read());
        if (!changes.isEmpty()) {
            wireGuard.apply(changes);
        }
        return changes;
    }

    /**
     * Checks that a desired peer set can exist on one interface: each public key once, each allowed IP for one
     * peer only. Returns the peers by public key.
     */
    static Map<String, PeerSpec> requireConsistent(List<PeerSpec> desired) {
        Map<String, PeerSpec> wanted = new HashMap<>();
        Map<String, String> owners = new HashMap<>();
        for (PeerSpec spec : desired) {
            if (wanted.put(spec.publicKey(), spec) != null) {
                throw new IllegalArgumentException("desired peers name public key " + spec.publicKey() + " twice");
            }
            for (String ip : spec.allowedIps()) {
                // WireGuard silently moves a prefix to the last peer given it, which would show up as endless drift.
                if (owners.putIfAbsent(ip, spec.publicKey()) != null) {
                    throw new IllegalArgumentException("allowed IP " + ip + " is desired for two peers");
                }
            }
        }
        return wanted;
    }

    static boolean matches(PeerSpec spec, PeerState actual) {
        // wg prints allowed IPs in its own trie order, so compare as sets.
        return Objects.equals(PresharedKeyDigest.of(spec.presharedKey()), actual.presharedKeyDigest())
                && actual.allowedIps().size() == spec.allowedIps().size()
                && new HashSet<>(actual.allowedIps()).equals(new HashSet<>(spec.allowedIps()));
    }
}
