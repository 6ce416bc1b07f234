package dev.tunnelgate.apitokens;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A token as its owner sees it in the list: never the secret. */
public record ApiTokenRow(
        long id,
        String name,
        ApiTokenScope scope,
        Instant createdAt,
        Instant expiresAt,
        @Nullable Instant lastUsedAt,
        @Nullable Instant revokedAt) {

    /** Whether the token still works at {@code now}. */
    public boolean usable(Instant now) {
        return revokedAt == null && expiresAt.isAfter(now);
    }
}
