package dev.tunnelgate.jobs;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a job delivers, as far as the group's change log still tells: {@code peers} devices whose peer line changed
 * (added, removed or given other grants) in the job's revisions, the first few of them {@code named}; whether the
 * whole peer set was sent again ({@code wholeSet}: the group's networks changed); and whether the log no longer has
 * (all of) the job's revisions ({@code pruned}). No peers, no whole set and nothing pruned: the gateway settings
 * changed (the listen port, say), not the peers.
 */
public record JobChanges(int peers, List<Peer> named, boolean wholeSet, boolean pruned) {
    /** How many changed peers a job names; the others are counted. */
    public static final int NAMED_MAX = 5;

    public JobChanges {
        named = List.copyOf(named);
        if (peers < named.size()) {
            throw new IllegalArgumentException("Named %d of %d peers".formatted(named.size(), peers));
        }
    }

    /** A changed peer: its device's name and owner, or only its public key when no device has that key now. */
    public record Peer(@Nullable String device, @Nullable String owner, String publicKey) {}
}
