package dev.tunnelgate.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ExternalSsoProviderTest {
    private static OidcSettings settings(
            String issuer, String authorization, String token, String jwks, String clientId) {
        return new OidcSettings(
                issuer,
                authorization,
                token,
                jwks,
                "",
                "https://idp.example.com/logout",
                clientId,
                "secret",
                List.of("openid", "profile"),
                "name");
    }

    @Test
    void start_up_fails_with_a_clear_message_when_no_provider_is_configured() {
        assertThatThrownBy(() -> new ExternalSsoProvider(settings("", "", "", "", "")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TUNNELGATE_OIDC_ISSUER_URI");
        assertThatThrownBy(() -> new ExternalSsoProvider(settings("https://idp.example.com", "", "", "", "")))
                .hasMessageContaining("TUNNELGATE_OIDC_CLIENT_ID");
    }

    @Test
    void explicit_endpoints_need_no_contact_with_the_provider() {
        var provider = new ExternalSsoProvider(settings(
                "",
                "https://idp.example.com/auth",
                "https://idp.example.com/token",
                "https://idp.example.com/jwks",
                "portal"));
        var registration = provider.registration();
        assertThat(registration.getProviderDetails().getAuthorizationUri()).isEqualTo("https://idp.example.com/auth");
        assertThat(registration.getProviderDetails().getConfigurationMetadata())
                .containsEntry("end_session_endpoint", "https://idp.example.com/logout");
        assertThat(registration.getScopes()).containsExactlyInAnyOrder("openid", "profile");
    }

    @Test
    void an_unreachable_issuer_is_reported_at_sign_in_and_tried_again_at_the_next() {
        var provider = new ExternalSsoProvider(settings("http://127.0.0.1:9/realms/none", "", "", "", "portal"));
        var registrations = new SsoClientRegistrations(provider);
        assertThatThrownBy(() -> registrations.findByRegistrationId(SsoProvider.REGISTRATION_ID))
                .isInstanceOf(IdpUnavailableException.class);
        // Not cached: the next attempt asks the provider again.
        assertThatThrownBy(() -> registrations.findByRegistrationId(SsoProvider.REGISTRATION_ID))
                .isInstanceOf(IdpUnavailableException.class);
        assertThat(registrations.findByRegistrationId("other")).isNull();
    }

    @Test
    void the_login_start_turns_an_unreachable_idp_into_the_error_page_and_counts_a_failed_sign_in() throws Exception {
        var provider = new ExternalSsoProvider(settings("http://127.0.0.1:9/realms/none", "", "", "", "portal"));
        var meters = new SimpleMeterRegistry();
        var filter = new SsoAvailabilityFilter(new SsoClientRegistrations(provider), new SignInFailures(meters));
        var request = new MockHttpServletRequest("GET", "/oauth2/authorization/sso");
        var response = new MockHttpServletResponse();
        var chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        assertThat(response.getRedirectedUrl()).isEqualTo("/login-error?error=idp_unavailable");
        assertThat(chain.getRequest()).isNull();
        assertThat(meters.get("tunnelgate.sign.in.failures")
                        .tag("reason", "idp_unavailable")
                        .counter()
                        .count())
                .isEqualTo(1);
    }
}
