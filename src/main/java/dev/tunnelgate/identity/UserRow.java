package dev.tunnelgate.identity;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A user as the admin list shows it. */
public record UserRow(
        long id,
        String displayName,
        @Nullable String email,
        String roles,
        String issuer,
        Instant createdAt,
        Instant lastLoginAt,
        @Nullable Instant offboardedAt) {
    static UserRow of(AppUser user) {
        return new UserRow(
                user.id(),
                user.displayName(),
                user.email(),
                user.roles(),
                user.issuer(),
                user.createdAt(),
                user.lastLoginAt(),
                user.offboardedAt());
    }
}
