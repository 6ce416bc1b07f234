package dev.tunnelgate.agent;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One peer as the interface reports it. The preshared key itself is not kept, only a SHA-256 digest of it,
 * so a rotated key is still detected as drift while the secret stays out of memory dumps and logs.
 *
 * @param presharedKeyDigest {@link PresharedKeyDigest#of} the key, or null when the peer has none
 * @param endpoint           the peer's last seen {@code host:port}, or null before its first packet
 * @param latestHandshake    null when there has been no handshake yet
 */
public record PeerState(
        String publicKey,
        @Nullable String presharedKeyDigest,
        List<String> allowedIps,
        @Nullable String endpoint,
        @Nullable Instant latestHandshake,
        long rxBytes,
        long txBytes) {
    public PeerState {
        allowedIps = List.copyOf(allowedIps);
    }

    public boolean hasPresharedKey() {
        return presharedKeyDigest != null;
    }
}
