package dev.tunnelgate.identity;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/** What an ID token says about a user, already checked and trimmed to fit the columns. */
record OidcIdentity(
        String issuer,
        String subject,
        String displayName,
        @Nullable String email,
        Set<String> groups) {}
