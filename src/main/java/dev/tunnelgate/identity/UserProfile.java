package dev.tunnelgate.identity;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One user as the user detail shows it: what the IdP said at the last sign-in, and whether the account is offboarded. */
public record UserProfile(
        long id,
        String displayName,
        @Nullable String email,
        String roles,
        List<String> groups,
        String issuer,
        String subject,
        Instant createdAt,
        Instant lastLoginAt,
        @Nullable Instant offboardedAt,
        @Nullable String offboardedBy) {
    public UserProfile {
        groups = List.copyOf(groups);
    }

    public boolean offboarded() {
        return offboardedAt != null;
    }
}
