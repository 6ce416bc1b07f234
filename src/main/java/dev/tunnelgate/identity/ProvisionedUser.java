package dev.tunnelgate.identity;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** An account as the identity provider's provisioning (SCIM) sees it. {@code active} is "not offboarded". */
public record ProvisionedUser(
        long id,
        String issuer,
        String subject,
        String userName,
        @Nullable String externalId,
        String displayName,
        @Nullable String email,
        boolean active,
        Instant createdAt,
        Instant lastModified) {

    static ProvisionedUser of(AppUser user) {
        var userName = user.scimUserName();
        if (userName == null) {
            throw new IllegalStateException("User %d is not provisioned".formatted(user.id()));
        }
        var updated = user.scimUpdatedAt();
        return new ProvisionedUser(
                user.id(),
                user.issuer(),
                user.subject(),
                userName,
                user.scimExternalId(),
                user.displayName(),
                user.email(),
                !user.isOffboarded(),
                user.createdAt(),
                updated == null ? user.createdAt() : updated);
    }
}
