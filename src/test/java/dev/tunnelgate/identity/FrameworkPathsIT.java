package dev.tunnelgate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.WebWalker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression for the "/VAADIN without a trailing slash" class of bypass: framework paths that
 * anonymous requests may reach neither serve the application nor create a session.
 */
class FrameworkPathsIT extends PortalIntegrationTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/VAADIN",
                "/VAADIN/",
                "/VAADIN/x",
                "/VAADIN/dynamic",
                "/VAADIN/push",
                "/VAADIN/../users",
                "/VAADIN;jsessionid=1",
                "/?v-r=init&location=users",
                "/?v-r=init&location=",
                "/users?v-r=init",
                "/?v-r=uidl",
                "/?v-r=heartbeat",
                "/?v-r=push",
                "/?v-r=upload",
                "/offline.html",
                "/manifest.webmanifest",
                "/icons/icon.png",
                "/sw.js",
                "/sw-runtime-resources-precache.js",
                "/themes/x/styles.css"
            })
    void an_anonymous_framework_request_gets_no_session_and_no_application(String path) {
        var response = new WebWalker().get(baseUrl() + path);
        assertThat(response.headers().allValues("Set-Cookie"))
                .as("Set-Cookie of %s", path)
                .noneMatch(cookie -> cookie.startsWith("JSESSIONID"));
        assertThat(response.body())
                .as("body of %s", path)
                .doesNotContain("Users")
                .doesNotContain("My devices")
                .doesNotContain("window.Vaadin");
        if (response.statusCode() == 200) {
            assertThat(response.body())
                    .as("a 200 for %s may only be an empty or static answer", path)
                    .doesNotContainIgnoringCase("<html");
        }
    }

    @Test
    void static_assets_of_the_production_bundle_still_load_anonymously() throws IOException {
        var asset = anyBundleAsset();
        var response = new WebWalker().get(baseUrl() + "/VAADIN/build/" + asset);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
    }

    @Test
    void an_application_path_sends_an_anonymous_user_to_sign_in() {
        var response = new WebWalker().get(baseUrl() + "/users");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(WebWalker.location(response)).endsWith("/oauth2/authorization/sso");
    }

    private static String anyBundleAsset() throws IOException {
        var build = Path.of("target/classes/META-INF/VAADIN/webapp/VAADIN/build");
        try (var files = Files.list(build)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".js"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("No production bundle under " + build));
        }
    }
}
