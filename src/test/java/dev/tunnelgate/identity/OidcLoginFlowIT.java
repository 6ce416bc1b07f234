package dev.tunnelgate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.WebWalker;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.util.UriComponentsBuilder;

/** The login as a browser makes it: portal → embedded IdP → callback → app, every hop checked. */
class OidcLoginFlowIT extends PortalIntegrationTest {
    private static final Pattern CALLBACK = Pattern.compile("/login/oauth2/code/sso\\?");

    @Autowired
    AppUserRepository users;

    /** Walks from the portal to the point where the IdP hands the browser the callback URL. */
    private String callbackFor(WebWalker walker, String username) {
        var start = walker.get(baseUrl() + "/");
        assertThat(start.statusCode()).isEqualTo(302);
        var loginPage = walker.follow(baseUrl() + "/");
        assertThat(loginPage.statusCode()).isEqualTo(200);
        assertThat(loginPage.uri().getPath()).isEqualTo("/idp/login");
        var afterLogin = walker.submitIdpLogin(loginPage, username, username);
        assertThat(afterLogin.statusCode()).isEqualTo(302);
        var toCallback = walker.follow(WebWalker.location(afterLogin), CALLBACK);
        var callback = WebWalker.location(toCallback);
        assertThat(callback)
                .contains("/login/oauth2/code/sso?")
                .contains("code=")
                .contains("state=");
        return callback;
    }

    /** Keyed as the portal keys users: this IdP's issuer and the subject. */
    private boolean exists(String subject) {
        return users.findByIssuerAndSubject(baseUrl(), subject).isPresent();
    }

    @Test
    void anonymous_user_goes_through_the_idp_with_pkce_state_and_nonce_and_lands_in_the_app() {
        var walker = new WebWalker();
        var toSso = walker.get(baseUrl() + "/");
        assertThat(WebWalker.location(toSso)).isEqualTo(baseUrl() + "/oauth2/authorization/sso");

        var toIdp = walker.get(WebWalker.location(toSso));
        var authorize = UriComponentsBuilder.fromUri(URI.create(WebWalker.location(toIdp)))
                .build();
        assertThat(authorize.getPath()).isEqualTo("/idp/oauth2/authorize");
        var params = authorize.getQueryParams();
        assertThat(params.getFirst("response_type")).isEqualTo("code");
        assertThat(params.getFirst("code_challenge_method")).isEqualTo("S256");
        assertThat(params.getFirst("code_challenge")).hasSizeGreaterThanOrEqualTo(43);
        assertThat(params.getFirst("state")).isNotBlank();
        assertThat(params.getFirst("nonce")).isNotBlank();

        var loginPage = walker.follow(WebWalker.location(toIdp));
        var afterLogin = walker.submitIdpLogin(loginPage, "alice", "alice");
        var landing = walker.follow(WebWalker.location(afterLogin));
        assertThat(landing.statusCode()).isEqualTo(200);
        assertThat(landing.uri().getPath()).isEqualTo("/");
        assertThat(walker.hops).anyMatch(h -> h.contains("/login/oauth2/code/sso?code="));

        var alice = users.findByIssuerAndSubject(baseUrl(), "alice").orElseThrow();
        assertThat(alice.displayName()).isEqualTo("Alice Admin");
        assertThat(alice.email()).isEqualTo("alice@example.com");
        assertThat(alice.roles()).contains("ADMIN", "APPROVER", "AUDITOR", "USER");
    }

    @Test
    void a_wrong_password_stays_at_the_idp_and_creates_no_user() {
        var walker = new WebWalker();
        var loginPage = walker.follow(baseUrl() + "/");
        var answer = walker.submitIdpLogin(loginPage, "dave", "wrong");

        assertThat(WebWalker.location(answer)).endsWith("/idp/login?error");
        assertThat(exists("dave")).isFalse();
    }

    @Test
    void a_callback_without_state_is_rejected_and_creates_no_user() {
        var walker = new WebWalker();
        var callback = callbackFor(walker, "dave");
        var withoutState = callback.replaceAll("&?state=[^&]*", "");
        var page = walker.follow(withoutState);
        assertRejected(page);
        assertThat(exists("dave")).isFalse();
    }

    @Test
    void a_callback_with_a_foreign_state_is_rejected_and_creates_no_user() {
        var walker = new WebWalker();
        var callback = callbackFor(walker, "dave");
        var forged = callback.replaceAll("state=[^&]*", "state=forged-by-an-attacker");
        assertRejected(walker.follow(forged));
        assertThat(exists("dave")).isFalse();
    }

    @Test
    void a_callback_delivered_to_another_browser_is_rejected_and_creates_no_user() {
        var callback = callbackFor(new WebWalker(), "dave");
        var victim = new WebWalker();
        assertRejected(victim.follow(callback));
        assertThat(exists("dave")).isFalse();
    }

    @Test
    void a_replayed_callback_is_rejected_and_creates_no_user() {
        var walker = new WebWalker();
        var callback = callbackFor(walker, "bob");
        var landing = walker.follow(callback);
        assertThat(landing.statusCode()).isEqualTo(200);
        var before = users.count();

        assertRejected(new WebWalker().follow(callback));
        var replayInSameBrowser = walker.get(callback);
        assertThat(WebWalker.location(replayInSameBrowser))
                .isEqualTo(baseUrl() + "/login-error?error=authorization_request_not_found");
        assertThat(users.count()).isEqualTo(before);
    }

    private static void assertRejected(HttpResponse<String> page) {
        assertThat(page.uri().getPath()).isEqualTo("/login-error");
        assertThat(page.statusCode()).isEqualTo(401);
        assertThat(page.body())
                .contains("Sign-in failed")
                .doesNotContain("Exception")
                .doesNotContain("at org.");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
    }
}
