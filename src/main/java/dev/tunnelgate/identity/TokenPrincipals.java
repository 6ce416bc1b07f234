package dev.tunnelgate.identity;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The principal a request authenticated by a token (not by a browser sign-in) acts as: the account with the roles and
 * groups it had at its last sign-in (or as the directory last set them), so that a token never outlives a demotion.
 * Offboarded accounts get none.
 */
@Component
public class TokenPrincipals {
    private final AppUserRepository users;
    private final UserGroups groups;

    TokenPrincipals(AppUserRepository users, UserGroups groups) {
        this.users = users;
        this.groups = groups;
    }

    /** The user as a principal, or empty when there is no such account or it is offboarded. */
    @Transactional(propagation = Propagation.REQUIRED, readOnly = true)
    public Optional<PortalUser> of(long userId, Instant now) {
        return users.findById(userId).filter(u -> !u.isOffboarded()).map(user -> {
            var authorities = Arrays.stream(
                            user.roles().replaceAll("[\\[\\] ]", "").split(","))
                    .filter(role -> Arrays.stream(Roles.Role.values())
                            .anyMatch(r -> r.name().equals(role)))
                    .map(role -> new SimpleGrantedAuthority("ROLE_" + role))
                    .toList();
            var idToken = new OidcIdToken(
                    "token",
                    now,
                    now.plusSeconds(60),
                    Map.of(IdTokenClaimNames.ISS, user.issuer(), IdTokenClaimNames.SUB, user.subject()));
            return new PortalUser(user.id(), user.displayName(), groups.of(user.id()), authorities, idToken, null);
        });
    }
}
