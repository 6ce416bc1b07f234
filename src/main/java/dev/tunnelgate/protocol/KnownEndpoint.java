package dev.tunnelgate.protocol;

import dev.tunnelgate.keys.KeyText;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a peer was last seen by any member of its gateway group: what a member that takes the group's endpoint
 * address over sets as the peer's endpoint before it starts the handshake itself.
 *
 * @param endpoint        {@code a.b.c.d:port} or {@code [v6]:port}, as {@code wg show} prints it
 * @param latestHandshake the handshake that endpoint was seen with
 */
public record KnownEndpoint(String publicKey, String endpoint, Instant latestHandshake) {
    /** At most this many endpoints in one answer: one per peer of the largest group the portal serves. */
    public static final int MAX_PER_ANSWER = 200_000;

    public KnownEndpoint {
        KeyText.requireKey(Objects.requireNonNull(publicKey, "publicKey"), "peer public key");
        PeerStats.requireEndpoint(Objects.requireNonNull(endpoint, "endpoint"));
        Objects.requireNonNull(latestHandshake, "latestHandshake");
    }
}
