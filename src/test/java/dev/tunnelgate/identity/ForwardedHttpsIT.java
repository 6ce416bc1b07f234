package dev.tunnelgate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.testing.PortalProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The portal behind a TLS-terminating proxy that says so (X-Forwarded-Proto), with the forward
 * headers strategy an operator sets for it. The test's requests come from 127.0.0.1, one of
 * Tomcat's default internal proxies. The portal is the packaged jar in a process of its own: a
 * second Spring context in the test JVM would install its own global security context strategy.
 */
@Tag("no-database")
class ForwardedHttpsIT {
    private static final Map<String, String> FROM_HTTPS_PROXY = Map.of(
            "X-Forwarded-Proto", "https", "X-Forwarded-Host", "vpn.example.com", "X-Forwarded-For", "203.0.113.7");

    private static PortalProcess portal;

    @BeforeAll
    static void startPortal() throws Exception {
        portal = PortalProcess.start("forwarded", Map.of("server.forward-headers-strategy", "native"));
    }

    @AfterAll
    static void stopPortal() throws InterruptedException {
        if (portal != null) {
            portal.close();
        }
    }

    private final HttpClient client =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpResponse<String> get(String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(portal.baseUrl() + path));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sessionCookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No session cookie from " + response.uri()));
    }

    private static boolean isSecure(String cookie) {
        return cookie.toLowerCase(Locale.ROOT).matches(".*;\\s*secure(;.*|$)");
    }

    @Test
    void a_request_the_proxy_received_over_https_gets_hsts_a_secure_session_cookie_and_https_urls() throws Exception {
        var response = get("/users", FROM_HTTPS_PROXY);

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location"))
                .hasValue("https://vpn.example.com/oauth2/authorization/sso");
        assertThat(response.headers().firstValue("Strict-Transport-Security"))
                .hasValue("max-age=31536000 ; includeSubDomains");
        assertThat(isSecure(sessionCookie(response)))
                .as(sessionCookie(response))
                .isTrue();
    }

    @Test
    void the_idp_is_given_an_https_redirect_uri_and_the_idp_pages_get_hsts_too() throws Exception {
        var toIdp = get("/oauth2/authorization/sso", FROM_HTTPS_PROXY);
        assertThat(toIdp.statusCode()).isEqualTo(302);
        var authorize = URLDecoder.decode(toIdp.headers().firstValue("Location").orElseThrow(), StandardCharsets.UTF_8);
        assertThat(authorize).contains("redirect_uri=https://vpn.example.com/login/oauth2/code/sso");

        var idpPage = get("/idp/login", FROM_HTTPS_PROXY);
        assertThat(idpPage.statusCode()).isEqualTo(200);
        assertThat(idpPage.headers().firstValue("Strict-Transport-Security")).isPresent();
        assertThat(idpPage.headers().firstValue("Content-Security-Policy")).isPresent();
    }

    @Test
    void a_plain_http_request_gets_no_hsts_and_a_session_cookie_without_secure() throws Exception {
        var response = get("/users", Map.of());

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).startsWith(portal.baseUrl() + "/"));
        assertThat(response.headers().firstValue("Strict-Transport-Security")).isEmpty();
        assertThat(isSecure(sessionCookie(response)))
                .as(sessionCookie(response))
                .isFalse();
    }
}
