package dev.tunnelgate.protocol;

import dev.tunnelgate.keys.KeyText;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a gateway saw of one peer.
 *
 * @param endpoint {@code host:port} or {@code [v6]:port} as {@code wg show} prints it, null before the first packet
 */
public record PeerStats(
        String publicKey,
        @Nullable Instant latestHandshake,
        long rxBytes,
        long txBytes,
        @Nullable String endpoint) {
    // Numeric addresses only, as wg prints them; nothing that could be a name, a space or a control character.
    private static final Pattern ENDPOINT =
            Pattern.compile("(\\[[0-9a-fA-F:.%a-zA-Z0-9]{2,60}]|[0-9.]{7,15}):[0-9]{1,5}");

    public PeerStats {
        KeyText.requireKey(Objects.requireNonNull(publicKey, "publicKey"), "peer public key");
        if (rxBytes < 0 || txBytes < 0) {
            throw new IllegalArgumentException("byte counters must not be negative");
        }
        if (endpoint != null) {
            requireEndpoint(endpoint);
        }
    }

    /** A numeric address and port as {@code wg show} prints it; nothing that could be a name or a second word. */
    public static String requireEndpoint(String endpoint) {
        if (!ENDPOINT.matcher(endpoint).matches()) {
            throw new IllegalArgumentException("peer endpoint must be a numeric address and port");
        }
        return endpoint;
    }
}
