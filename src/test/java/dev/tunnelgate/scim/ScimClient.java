package dev.tunnelgate.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * /scim/v2 over real HTTP as an identity provider calls it: a bearer token, {@code application/scim+json} bodies, and
 * request bodies from the fixtures in {@code src/test/resources/scim} with their placeholders filled in.
 */
final class ScimClient {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final @Nullable String token;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ScimClient(String portalUrl, @Nullable String token) {
        this.base = portalUrl + "/scim/v2";
        this.token = token;
    }

    record Response(int status, String contentType, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        /** The scimType of a SCIM error (empty when it has none); fails unless the body is a SCIM error. */
        String scimType() {
            assertThat(contentType).as("content type of " + this).startsWith("application/scim+json");
            var json = json();
            assertThat(json.get("schemas").toString()).contains("urn:ietf:params:scim:api:messages:2.0:Error");
            assertThat(json.get("status").asString()).isEqualTo(Integer.toString(status));
            return json.path("scimType").asString("");
        }

        String id() {
            return json().get("id").asString();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    Response get(String path) {
        return send("GET", path, null);
    }

    Response send(String method, String path, @Nullable String body) {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/scim+json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/scim+json; charset=utf-8");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        }
    }

    /** Sends the fixture {@code name} (such as {@code entra/user-create}) with its placeholders filled in. */
    Response send(String method, String path, String fixture, Map<String, String> values) {
        return send(method, path, fixture(fixture, values));
    }

    static String fixture(String name, Map<String, String> values) {
        String text;
        try (var in = Objects.requireNonNull(
                ScimClient.class.getResourceAsStream("/scim/" + name + ".json"), "no fixture " + name)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (var entry : values.entrySet()) {
            text = text.replace("{{" + entry.getKey() + "}}", entry.getValue());
        }
        assertThat(text).as("placeholders left in " + name).doesNotContain("{{");
        return text;
    }

    /** A filter as a query parameter. */
    static String filter(String filter) {
        return "filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }
}
