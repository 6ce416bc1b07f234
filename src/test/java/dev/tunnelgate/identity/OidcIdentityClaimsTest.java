package dev.tunnelgate.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

class OidcIdentityClaimsTest {
    private final OidcSettings oidc = new OidcSettings("", "", "", "", "", "", "", "", List.of("openid"), "name");
    private final OidcLoginUserService service = new OidcLoginUserService(
            mock(LoginRecorder.class),
            new IdentitySettings("groups", "tunnelgate-admins", "tunnelgate-approvers", "tunnelgate-auditors"),
            oidc);

    private static DefaultOidcUser user(Map<String, Object> extraClaims) {
        var claims = new HashMap<String, Object>(Map.of("iss", "https://idp.example.com/realms/x", "sub", "user-1"));
        claims.putAll(extraClaims);
        var token = new OidcIdToken("token", Instant.now(), Instant.now().plusSeconds(60), claims);
        return new DefaultOidcUser(List.of(), token);
    }

    @Test
    void keys_the_user_by_issuer_and_subject_not_by_email() {
        var identity = service.identityOf(user(Map.of("email", "someone@example.com", "name", "Some One")));
        assertThat(identity.issuer()).isEqualTo("https://idp.example.com/realms/x");
        assertThat(identity.subject()).isEqualTo("user-1");
        assertThat(identity.displayName()).isEqualTo("Some One");
        assertThat(identity.email()).isEqualTo("someone@example.com");
    }

    @Test
    void reads_groups_as_a_list_a_single_string_or_keycloak_full_paths() {
        assertThat(service.identityOf(user(Map.of("groups", List.of("a", "/tunnelgate-admins"))))
                        .groups())
                .containsExactlyInAnyOrder("a", "tunnelgate-admins");
        assertThat(service.identityOf(user(Map.of("groups", "tunnelgate-approvers")))
                        .groups())
                .containsExactly("tunnelgate-approvers");
        assertThat(service.identityOf(user(Map.of("groups", 42))).groups()).isEmpty();
        assertThat(service.identityOf(user(Map.of())).groups()).isEmpty();
    }

    @Test
    void a_display_name_with_line_breaks_or_format_characters_is_reduced_to_one_clean_line() {
        var identity = service.identityOf(user(Map.of("name", "Mallory\r\nINFO forged\u2028line\u202E")));
        assertThat(identity.displayName()).isEqualTo("MalloryINFO forgedline");
    }

    @Test
    void an_overlong_display_name_is_clipped_to_the_column() {
        var identity = service.identityOf(user(Map.of("name", "x".repeat(5000))));
        assertThat(identity.displayName()).hasSize(AppUser.DISPLAY_NAME_MAX_LENGTH);
    }

    @Test
    void a_malformed_email_is_dropped_rather_than_stored() {
        assertThat(service.identityOf(user(Map.of("email", "not-an-email"))).email())
                .isNull();
        assertThat(service.identityOf(user(Map.of("email", "a@b\n.com"))).email())
                .isNull();
        assertThat(service.identityOf(user(Map.of("email", "a".repeat(400) + "@example.com")))
                        .email())
                .isNull();
    }

    @Test
    void a_subject_that_does_not_fit_or_has_control_characters_refuses_the_login() {
        assertThatThrownBy(() -> service.identityOf(user(Map.of("sub", "s".repeat(300)))))
                .isInstanceOf(OAuth2AuthenticationException.class)
                .hasMessageContaining("too long or malformed");
        assertThatThrownBy(() -> service.identityOf(user(Map.of("sub", "bob\nadmin"))))
                .isInstanceOf(OAuth2AuthenticationException.class);
    }
}
