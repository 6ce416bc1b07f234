package dev.tunnelgate.testing;

import dev.tunnelgate.apitokens.ApiTokenScope;
import dev.tunnelgate.apitokens.ApiTokenService;
import dev.tunnelgate.identity.Roles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST API over real HTTP, as a script would call it: bearer tokens, JSON in and out. Tokens are issued by the
 * real {@link ApiTokenService} for a user whose stored roles are set first (a token acts with the stored roles).
 */
public final class ApiClient {
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A response; {@link #json()} parses the body. */
    public record Response(int status, HttpHeaders headers, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public @Nullable String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** The problem type's last part, such as {@code invalid-input}; fails unless the body is a problem. */
        public String problem() {
            if (!headers.firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                throw new AssertionError("not a problem (" + status + "): " + body);
            }
            return json().get("type").asString().replace("urn:tunnelgate:problem:", "");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public Response get(@Nullable String token, String path) {
        return send("GET", path, token, null);
    }

    public Response send(String method, String path, @Nullable String token, @Nullable String body, String... headers) {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed", e);
        }
    }

    /** Sets the user's stored roles (USER always) and issues a token for them with this scope, valid for 30 days. */
    public static String token(
            JdbcTemplate jdbc, ApiTokenService tokens, long userId, ApiTokenScope scope, String... roles) {
        var all = new TreeSet<String>(Arrays.asList(roles));
        all.add(Roles.USER);
        jdbc.update("update app_user set roles = ? where id = ?", all.toString(), userId);
        return TestUsers.as(
                userId,
                () -> tokens.create("test token", scope, Duration.ofDays(30)).token(),
                roles);
    }
}
