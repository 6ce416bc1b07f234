package dev.tunnelgate.identity;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;

/** Signed-in principals as the login produces them, for view and service tests. */
public final class TestLogins {
    private TestLogins() {}

    public static OAuth2AuthenticationToken as(long userId, String name, String... roles) {
        return as(userId, name, Set.of(), roles);
    }

    public static OAuth2AuthenticationToken as(long userId, String name, Set<String> groups, String... roles) {
        var token = new OidcIdToken(
                "test-token",
                Instant.now(),
                Instant.now().plusSeconds(300),
                Map.of("iss", "https://idp.test", "sub", "subject-" + userId, "name", name));
        var authorities = Arrays.stream(roles)
                .map(r -> new SimpleGrantedAuthority("ROLE_" + r))
                .toList();
        var user = new PortalUser(userId, name, groups, authorities, token, null);
        return new OAuth2AuthenticationToken(user, authorities, SsoProvider.REGISTRATION_ID);
    }
}
