package dev.tunnelgate.configcli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The portal's configuration endpoints, as the command line calls them: a bearer token, YAML out, JSON back. */
final class PortalApi {
    /** The longest answer read (an export of a large portal), so a wrong URL cannot fill the memory. */
    static final int MAX_ANSWER_BYTES = 64 * 1024 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final URI portal;
    private final String token;
    private final Duration timeout;

    PortalApi(HttpClient http, URI portal, String token, Duration timeout) {
        this.http = http;
        this.portal = portal;
        this.token = token;
        this.timeout = timeout;
    }

    /** The portal refused, or did not answer as a portal does; the message says which and why. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** A diff or an apply as the portal answered it. */
    record Answer(int changeCount, String text) {}

    String export() throws IOException, InterruptedException, Refused {
        var request = request("/api/v1/config")
                .header("Accept", "application/yaml")
                .GET()
                .build();
        return text(exchange(request));
    }

    /** {@code diff} or {@code apply}. */
    Answer send(String action, byte[] file) throws IOException, InterruptedException, Refused {
        var request = request("/api/v1/config/" + action)
                .header("Content-Type", "application/yaml")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                .build();
        var body = exchange(request);
        try {
            var json = JSON.readTree(body);
            var text = json.path("text");
            var count = json.path("changeCount");
            if (!text.isString() || !count.isIntegralNumber()) {
                throw new Refused(notThePortal());
            }
            return new Answer(count.asInt(), printable(text.asString()));
        } catch (JacksonException e) {
            throw new Refused(notThePortal());
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(portal + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("User-Agent", "tunnelgate-config");
    }

    /** The body of a 2xx answer; anything else becomes {@link Refused} with the portal's problem detail. */
    private byte[] exchange(HttpRequest request) throws IOException, InterruptedException, Refused {
        var response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_ANSWER_BYTES + 1);
        }
        if (body.length > MAX_ANSWER_BYTES) {
            throw new Refused("the portal's answer is larger than %d MiB".formatted(MAX_ANSWER_BYTES >> 20));
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return body;
        }
        if (status >= 300 && status < 400) {
            var location = response.headers().firstValue("Location").orElse("nowhere");
            throw new Refused("the portal answered with a redirect (%d) to %s; give the URL it redirects to as --portal"
                    .formatted(status, CliOptions.printable(location)));
        }
        var problem = problem(response, body);
        var lead = switch (status) {
            case 401 -> "the portal did not accept the token (401); it may be expired or revoked, or be no API token";
            case 403 -> "not allowed (403)";
            case 413 -> "the file is too large for the portal (413)";
            default ->
                status >= 500
                        ? "the portal failed (%d)".formatted(status)
                        : "the portal refused the request (%d)".formatted(status);
        };
        if (problem == null) {
            throw new Refused(lead + "; the answer is not a problem detail of the portal, is --portal right?");
        }
        throw new Refused(lead + ": " + problem);
    }

    /** The problem detail's text (and the field it names), or null when the body is none. */
    private static @Nullable String problem(HttpResponse<?> response, byte[] body) {
        var type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            return null;
        }
        try {
            JsonNode json = JSON.readTree(body);
            var detail = json.path("detail");
            if (!detail.isString()) {
                return null;
            }
            var text = detail.asString();
            var field = json.path("field");
            if (field.isString() && !text.startsWith(field.asString())) {
                text = text + " [" + field.asString() + "]";
            }
            return printable(text.length() > 2000 ? text.substring(0, 2000) : text)
                    .replace('\n', ' ');
        } catch (JacksonException e) {
            return null;
        }
    }

    private String notThePortal() {
        return "the answer from %s is not what the portal sends; is --portal right?".formatted(portal);
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Text of the portal for a terminal: line breaks and tabs stay, other control characters become '?'. */
    static String printable(String text) {
        return text.codePoints()
                .map(c -> c == '\n' || c == '\t'
                        ? c
                        : Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }
}
