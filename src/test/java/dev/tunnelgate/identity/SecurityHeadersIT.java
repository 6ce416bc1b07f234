package dev.tunnelgate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.WebWalker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The headers the portal and the dev IdP send to browsers, over plain HTTP and with forwarded-header strategy off. */
class SecurityHeadersIT extends PortalIntegrationTest {
    private static final Pattern SCRIPT_TAG = Pattern.compile("<script\\b[^>]*>");
    private static final Pattern NONCE = Pattern.compile("'nonce-([A-Za-z0-9+/=]+)'");
    private static final Pattern STYLE_ELEMENT = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);

    /** The directives of a Content-Security-Policy header, each as written ("script-src 'self' …"). */
    private static List<String> directives(HttpResponse<?> response) {
        var policy = response.headers()
                .firstValue("Content-Security-Policy")
                .orElseThrow(() -> new AssertionError("No Content-Security-Policy on " + response.uri()));
        return Arrays.stream(policy.split(";")).map(String::strip).toList();
    }

    private static String directive(HttpResponse<?> response, String name) {
        return directives(response).stream()
                .filter(d -> d.startsWith(name + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No " + name + " in the policy of " + response.uri()));
    }

    private static void assertBrowserHeaders(HttpResponse<?> response) {
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(directive(response, "frame-ancestors")).isEqualTo("frame-ancestors 'none'");
        assertThat(response.headers().firstValue("Strict-Transport-Security"))
                .as("HSTS over plain HTTP")
                .isEmpty();
    }

    /** Signs in through the dev IdP and returns the app's bootstrap page. */
    private HttpResponse<String> bootstrapPage(WebWalker walker, String username) {
        var loginPage = walker.follow(baseUrl() + "/");
        var landing = walker.follow(WebWalker.location(walker.submitIdpLogin(loginPage, username, username)));
        assertThat(landing.statusCode()).isEqualTo(200);
        assertThat(landing.uri().getPath()).isEqualTo("/");
        return landing;
    }

    @Test
    void the_bootstrap_page_runs_only_scripts_that_carry_this_response_s_nonce() {
        var walker = new WebWalker();
        var page = bootstrapPage(walker, "bob");

        assertBrowserHeaders(page);
        var scriptSrc = directive(page, "script-src");
        assertThat(scriptSrc).doesNotContain("'unsafe-inline'").contains("'self'");
        var nonce = NONCE.matcher(scriptSrc);
        assertThat(nonce.find()).as("a nonce in %s", scriptSrc).isTrue();
        var scripts =
                SCRIPT_TAG.matcher(page.body()).results().map(r -> r.group()).toList();
        assertThat(scripts)
                .as("script elements of the bootstrap page")
                .isNotEmpty()
                .allSatisfy(tag -> assertThat(tag).contains("nonce=\"" + nonce.group(1) + "\""));
        assertThat(directives(page))
                .contains(
                        "default-src 'self'",
                        "object-src 'none'",
                        "base-uri 'self'",
                        "form-action 'self'",
                        "img-src 'self' data:",
                        "connect-src 'self'");

        var again = walker.get(baseUrl() + "/");
        var nextNonce = NONCE.matcher(directive(again, "script-src"));
        assertThat(nextNonce.find()).isTrue();
        assertThat(nextNonce.group(1)).as("a new nonce for every response").isNotEqualTo(nonce.group(1));
        assertThat(again.body()).contains("nonce=\"" + nextNonce.group(1) + "\"");
    }

    @Test
    void the_idp_login_page_allows_its_own_style_element_and_nothing_else() throws Exception {
        var page = new WebWalker().follow(baseUrl() + "/");
        assertThat(page.uri().getPath()).isEqualTo("/idp/login");

        assertBrowserHeaders(page);
        assertThat(directives(page)).contains("default-src 'none'", "base-uri 'none'");
        assertThat(directive(page, "form-action")).startsWith("form-action 'self'");
        var style = STYLE_ELEMENT.matcher(page.body());
        assertThat(style.find()).isTrue();
        var hash = Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256")
                        .digest(style.group(1).getBytes(StandardCharsets.UTF_8)));
        assertThat(directive(page, "style-src")).isEqualTo("style-src 'sha256-" + hash + "'");
        assertThat(page.body()).doesNotContain(" style=").doesNotContain("<script");
    }

    @Test
    void the_sign_in_error_page_and_redirects_carry_the_headers_too() {
        var walker = new WebWalker();
        var redirect = walker.get(baseUrl() + "/users");
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertBrowserHeaders(redirect);

        var errorPage = walker.get(baseUrl() + LoginErrorController.PATH + "?error=access_denied");
        assertThat(errorPage.statusCode()).isEqualTo(401);
        assertBrowserHeaders(errorPage);
        assertThat(directive(errorPage, "script-src")).doesNotContain("'unsafe-inline'");
    }

    @Test
    void bundle_assets_get_the_headers_and_stay_cacheable() throws Exception {
        Path asset;
        try (var files = Files.list(Path.of("target/classes/META-INF/VAADIN/webapp/VAADIN/build"))) {
            asset = files.filter(p -> p.getFileName().toString().endsWith(".js"))
                    .findFirst()
                    .orElseThrow();
        }
        var response = new WebWalker().get(baseUrl() + "/VAADIN/build/" + asset.getFileName());

        assertThat(response.statusCode()).isEqualTo(200);
        assertBrowserHeaders(response);
        assertThat(response.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(c -> assertThat(c).contains("max-age="));
    }

    @Test
    void the_agent_api_answers_gateways_as_before_without_a_page_policy() {
        var response = new WebWalker().get(baseUrl() + "/api/agent/v1/state");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Security-Policy")).isEmpty();
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void a_forwarded_https_header_is_ignored_while_the_forward_headers_strategy_is_off() throws Exception {
        var client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        var response = client.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/users"))
                        .header("X-Forwarded-Proto", "https")
                        .header("X-Forwarded-Host", "vpn.example.com")
                        .build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location)
                        .endsWith("/oauth2/authorization/sso")
                        .doesNotStartWith("https:")
                        .doesNotContain("vpn.example.com"));
        assertThat(response.headers().firstValue("Strict-Transport-Security")).isEmpty();
        assertThat(response.headers().allValues("Set-Cookie"))
                .anyMatch(c -> c.startsWith("JSESSIONID="))
                .noneMatch(c -> c.toLowerCase(Locale.ROOT).contains("secure"));
    }
}
