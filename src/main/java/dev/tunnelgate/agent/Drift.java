package dev.tunnelgate.agent;

import dev.tunnelgate.protocol.DriftEntry;
import java.util.List;

/** Names what a repair had to change, in the portal's terms. */
final class Drift {
    private Drift() {}

    /** @param before the interface as it was read before the repair was planned */
    static List<DriftEntry> of(List<PeerChange> repair, InterfaceState before) {
        return repair.stream()
                .map(change -> new DriftEntry(
                        switch (change) {
                            case PeerChange.Remove remove -> DriftEntry.Kind.EXTRA;
                            case PeerChange.Upsert upsert ->
                                before.peers().containsKey(upsert.publicKey())
                                        ? DriftEntry.Kind.CHANGED
                                        : DriftEntry.Kind.MISSING;
                        },
                        change.publicKey()))
                .toList();
    }
}
