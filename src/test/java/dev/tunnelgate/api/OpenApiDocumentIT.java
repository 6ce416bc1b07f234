package dev.tunnelgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.WebWalker;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document and Swagger UI: behind the portal's sign-in, OpenAPI 3.1 with the token as bearer scheme, in
 * step with the checked-in {@code docs/openapi.json} (run with {@code -Dtunnelgate.openapi.update=true} to rewrite the
 * file from the portal instead), and hiding no path of an API controller.
 */
class OpenApiDocumentIT extends PortalIntegrationTest {
    static final Path CHECKED_IN = Path.of("docs/openapi.json");
    private static final Pattern CALLBACK = Pattern.compile("/login/oauth2/code/sso\\?");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /**
     * Signs in through the dev IdP as a browser would, starting at the document: the portal sends the anonymous
     * request to sign-in and, once signed in, back (the session is what the test needs, not the landing page).
     */
    private WebWalker signedIn(String username) {
        var walker = new WebWalker();
        var loginPage = walker.follow(baseUrl() + "/" + OpenApiConfiguration.DOCUMENT);
        assertThat(loginPage.uri().getPath()).isEqualTo("/idp/login");
        var toCallback =
                walker.follow(WebWalker.location(walker.submitIdpLogin(loginPage, username, username)), CALLBACK);
        var callback = walker.get(WebWalker.location(toCallback));
        assertThat(callback.statusCode())
                .as("the portal's answer to the IdP's callback")
                .isEqualTo(302);
        assertThat(WebWalker.location(callback)).doesNotContain("error");
        return walker;
    }

    private JsonNode published() {
        var response = signedIn("bob").get(baseUrl() + "/" + OpenApiConfiguration.DOCUMENT);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        return OpenApiDocuments.parse(response.body());
    }

    @Test
    void the_document_and_swagger_ui_send_an_anonymous_browser_to_sign_in() {
        for (var path : List.of(
                "/" + OpenApiConfiguration.DOCUMENT,
                "/" + OpenApiConfiguration.DOCUMENT + "/swagger-config",
                "/" + OpenApiConfiguration.SWAGGER_UI,
                "/swagger-ui/swagger-initializer.js",
                "/swagger-ui.html")) {
            var walker = new WebWalker();
            var response = walker.get(baseUrl() + path);
            assertThat(response.statusCode()).as(path).isEqualTo(302);
            assertThat(WebWalker.location(response)).as(path).isEqualTo(baseUrl() + "/oauth2/authorization/sso");
            assertThat(response.body()).as(path).doesNotContain("openapi", "swagger");
            // The redirect really leads to the IdP's sign-in form.
            assertThat(walker.follow(WebWalker.location(response)).uri().getPath())
                    .as(path)
                    .isEqualTo("/idp/login");
        }
    }

    @Test
    void a_signed_in_user_gets_the_document_and_swagger_ui() {
        var walker = signedIn("bob");

        HttpResponse<String> page = walker.get(baseUrl() + "/" + OpenApiConfiguration.SWAGGER_UI);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui").contains("swagger-initializer.js");
        var initializer = walker.get(baseUrl() + "/swagger-ui/swagger-initializer.js");
        assertThat(initializer.statusCode()).isEqualTo(200);
        var config = walker.get(baseUrl() + "/" + OpenApiConfiguration.DOCUMENT + "/swagger-config");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).contains("\"/v3/api-docs\"").contains("\"validatorUrl\":\"none\"");
        var document = walker.get(baseUrl() + "/" + OpenApiConfiguration.DOCUMENT);
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).contains("\"openapi\"");
    }

    @Test
    void the_document_is_openapi_3_1_of_the_api_path_only_with_the_token_required_by_every_operation() {
        var document = published();

        assertThat(document.get("openapi").asString()).startsWith("3.1.");
        assertThat(document.at("/info/title").asString()).isEqualTo("Tunnelgate REST API");
        var scheme = document.at("/components/securitySchemes/" + OpenApiConfiguration.TOKEN_SCHEME);
        assertThat(scheme.get("type").asString()).isEqualTo("http");
        assertThat(scheme.get("scheme").asString()).isEqualTo("bearer");
        assertThat(document.at("/components/schemas/" + OpenApiConfiguration.PROBLEM + "/properties/field/type")
                        .asString(""))
                .isEqualTo("string");
        assertThat(document.get("security").toString())
                .isEqualTo("[{\"" + OpenApiConfiguration.TOKEN_SCHEME + "\":[]}]");
        var paths = new TreeSet<String>(document.get("paths").propertyNames());
        assertThat(paths).isNotEmpty().allSatisfy(path -> assertThat(path).startsWith(ApiSecurity.PATH + "/"));
        for (var path : paths) {
            for (var entry : document.get("paths").get(path).properties()) {
                // An operation's own "security" replaces the document's; none may waive the token.
                assertThat(entry.getValue().has("security"))
                        .as("%s %s has its own security", entry.getKey(), path)
                        .isFalse();
                assertThat(entry.getValue()
                                .at("/responses/401/content/application~1problem+json/schema/$ref")
                                .asString(""))
                        .as("%s %s answers a missing token with a problem", entry.getKey(), path)
                        .isEqualTo("#/components/schemas/" + OpenApiConfiguration.PROBLEM);
            }
        }
    }

    @Test
    void the_published_document_is_the_checked_in_one() throws IOException {
        var published = OpenApiDocuments.normalized(published());
        if (Boolean.getBoolean("tunnelgate.openapi.update")) {
            Files.writeString(CHECKED_IN, published, StandardCharsets.UTF_8);
            return;
        }
        assertThat(CHECKED_IN)
                .as("%s (create it: run this test with -Dtunnelgate.openapi.update=true)", CHECKED_IN)
                .exists();
        var checkedIn = OpenApiDocuments.normalized(
                OpenApiDocuments.parse(Files.readString(CHECKED_IN, StandardCharsets.UTF_8)));
        if (!published.equals(checkedIn)) {
            throw new AssertionError("""
                    The API the portal publishes differs from %s.
                    If the change to the API is intended, rewrite the file and commit it with the change:
                        ./mvnw test-compile failsafe:integration-test@it-h2 failsafe:verify@it-h2 \
                    -Dit.test=OpenApiDocumentIT -Dtunnelgate.openapi.update=true
                    %s""".formatted(CHECKED_IN, OpenApiDocuments.difference(checkedIn, published)));
        }
    }

    @Test
    void every_path_of_every_api_controller_is_in_the_document() {
        var paths = published().get("paths");
        var checked = new ArrayList<String>();
        var missing = new ArrayList<String>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            var controller = method.getBeanType();
            if (!AnnotatedElementUtils.hasAnnotation(controller, ApiEndpoint.class)
                    || controller == ApiFallback.class) {
                return;
            }
            var verbs = info.getMethodsCondition().getMethods().stream()
                    .map(verb -> verb.name().toLowerCase(Locale.ROOT))
                    .toList();
            for (var pattern : info.getPatternValues()) {
                var path = OpenApiDocuments.withoutPatterns(pattern);
                var operation = "%s %s (%s.%s)"
                        .formatted(
                                verbs,
                                path,
                                controller.getSimpleName(),
                                method.getMethod().getName());
                checked.add(operation);
                var item = paths.get(path);
                if (item == null
                        || (verbs.isEmpty() && item.isEmpty())
                        || verbs.stream().anyMatch(verb -> !item.has(verb))) {
                    missing.add(operation);
                }
            }
        });
        assertThat(checked)
                .as("API operations found (the check must see the controllers)")
                .anyMatch(operation -> operation.contains("/api/v1/me (ApiTokensApi.me)"));
        assertThat(missing)
                .as("API operations missing from the OpenAPI document (a @Hidden controller or operation?)")
                .isEmpty();
    }
}
