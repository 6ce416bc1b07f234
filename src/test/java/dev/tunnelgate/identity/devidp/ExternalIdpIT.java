package dev.tunnelgate.identity.devidp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.PortalProcess;
import dev.tunnelgate.testing.WebWalker;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A second portal (the packaged jar, in its own process), configured for an external OIDC
 * provider, signs in against the first portal's embedded IdP: the production code path against a
 * real provider. It is reached as 127.0.0.1 and the IdP as localhost, two hosts to a browser.
 */
class ExternalIdpIT extends PortalIntegrationTest {
    @Autowired
    DevIdpClient idpClient;

    private static PortalProcess portal(String name, Map<String, String> oidc) throws Exception {
        var settings = new HashMap<>(oidc);
        settings.put("tunnelgate.dev-idp.enabled", "false");
        settings.put("tunnelgate.oidc.client-id", DevIdpClient.CLIENT_ID);
        return PortalProcess.start(name, settings);
    }

    private HttpResponse<String> signIn(WebWalker walker, String portalUrl, String username) {
        var loginPage = walker.follow(portalUrl + "/");
        assertThat(loginPage.uri().toString()).startsWith(baseUrl() + "/idp/login");
        var answer = walker.submitIdpLogin(loginPage, username, username);
        return walker.follow(WebWalker.location(answer));
    }

    @Test
    void a_portal_using_discovery_signs_users_in_at_the_external_provider() throws Exception {
        try (var portal = portal(
                "discovery",
                Map.of(
                        "tunnelgate.oidc.issuer-uri",
                        baseUrl(),
                        "tunnelgate.oidc.client-secret",
                        idpClient.registration().getClientSecret()))) {
            var walker = new WebWalker();
            var landing = signIn(walker, portal.baseUrl(), "carol");
            assertThat(landing.statusCode()).isEqualTo(200);
            assertThat(landing.uri().toString()).startsWith(portal.baseUrl() + "/");
            assertThat(landing.uri().getPath()).isEqualTo("/");
            assertThat(walker.hops).anyMatch(h -> h.contains(portal.baseUrl() + "/login/oauth2/code/sso?code="));
        }
    }

    @Test
    void a_wrong_client_secret_ends_on_a_clear_error_page() throws Exception {
        try (var portal = portal(
                "wrong-secret",
                Map.of(
                        "tunnelgate.oidc.authorization-uri", baseUrl() + DevIdpClient.AUTHORIZATION_PATH,
                        "tunnelgate.oidc.token-uri", baseUrl() + DevIdpClient.TOKEN_PATH,
                        "tunnelgate.oidc.jwk-set-uri", baseUrl() + DevIdpClient.JWKS_PATH,
                        "tunnelgate.oidc.client-secret", "not-the-secret"))) {
            var page = signIn(new WebWalker(), portal.baseUrl(), "carol");
            assertThat(page.uri().getPath()).isEqualTo("/login-error");
            assertThat(page.body()).contains("client credentials").doesNotContain("Exception");
        }
    }

    @Test
    void the_portal_starts_while_the_provider_is_down_and_says_so_at_sign_in() throws Exception {
        try (var portal = portal(
                "idp-down",
                Map.of(
                        "tunnelgate.oidc.issuer-uri",
                        "http://127.0.0.1:9/realms/down",
                        "tunnelgate.oidc.client-secret",
                        "irrelevant"))) {
            var page = new WebWalker().follow(portal.baseUrl() + "/");
            assertThat(page.uri().getPath()).isEqualTo("/login-error");
            assertThat(page.body()).contains("cannot be reached").doesNotContain("Exception");
        }
    }
}
