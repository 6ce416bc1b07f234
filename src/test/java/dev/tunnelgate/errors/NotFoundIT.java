package dev.tunnelgate.errors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.WebWalker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Unknown addresses and the favicon over real HTTP, as a browser asks for them. */
class NotFoundIT extends PortalIntegrationTest {

    private WebWalker signedIn(String username) {
        var walker = new WebWalker();
        var loginPage = walker.follow(baseUrl() + "/");
        var landing = walker.follow(WebWalker.location(walker.submitIdpLogin(loginPage, username, username)));
        assertThat(landing.statusCode()).isEqualTo(200);
        return walker;
    }

    @Test
    void a_signed_in_user_gets_the_portal_s_not_found_page_with_a_404_not_a_bare_403() {
        var walker = signedIn("bob");

        var response = walker.get(baseUrl() + "/x");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body())
                .doesNotContain("Whitelabel Error Page")
                .contains("This page does not exist")
                .contains("My devices");
        // The page's first view comes inside the HTML: its script carries the response's nonce like every other.
        var nonce = Pattern.compile("'nonce-([A-Za-z0-9+/=]+)'")
                .matcher(
                        response.headers().firstValue("Content-Security-Policy").orElseThrow());
        assertThat(nonce.find()).isTrue();
        assertThat(Pattern.compile("<script\\b[^>]*>")
                        .matcher(response.body())
                        .results()
                        .map(MatchResult::group))
                .isNotEmpty()
                .allSatisfy(tag -> assertThat(tag).contains("nonce=\"" + nonce.group(1) + "\""));
    }

    @Test
    void a_known_page_loads_as_before() {
        var response = signedIn("bob").get(baseUrl() + "/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("This page does not exist");
    }

    @Test
    void an_anonymous_user_is_sent_to_sign_in_for_an_unknown_address_as_for_a_known_one() {
        var unknown = new WebWalker().get(baseUrl() + "/x");
        var known = new WebWalker().get(baseUrl() + "/users");

        assertThat(unknown.statusCode()).isEqualTo(known.statusCode()).isEqualTo(302);
        assertThat(WebWalker.location(unknown)).endsWith("/oauth2/authorization/sso");
        assertThat(unknown.body()).doesNotContain("does not exist");
    }

    @Test
    void the_favicon_is_an_icon_served_anonymously_without_a_session() throws Exception {
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + "/favicon.ico"))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("image/"));
        assertThat(response.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
        var ico = ByteBuffer.wrap(response.body()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(ico.getShort(0)).as("reserved").isZero();
        assertThat(ico.getShort(2)).as("type: icon").isEqualTo((short) 1);
        int images = ico.getShort(4);
        assertThat(images).isPositive();
        for (int i = 0; i < images; i++) {
            int entry = 6 + 16 * i;
            int size = ico.getInt(entry + 8);
            int offset = ico.getInt(entry + 12);
            assertThat(offset + size).as("image %d inside the file", i).isLessThanOrEqualTo(response.body().length);
            assertThat(ico.getInt(offset)).as("image %d is a PNG", i).isEqualTo(0x474e5089);
        }
    }
}
