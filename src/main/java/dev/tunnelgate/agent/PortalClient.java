package dev.tunnelgate.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.function.Supplier;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import dev.tunnelgate.protocol.AgentWire;
import dev.tunnelgate.protocol.GatewayState;
import dev.tunnelgate.protocol.StatusReport;

/**
 * The agent's side of {@code /api/agent/v1}: a long poll for the gateway's state and a status report. Every
 * answer other than the documented ones is an {@link IOException}; the caller decides what to retry.
 */
final class PortalClient {
    /** A 10k-peer snapshot is about 1.5 MB; anything far beyond that is not a state. */
    static final int MAX_BODY = 32 * 1024 * 1024;
    static final Duration REPORT_TIMEOUT = Duration.ofSeconds(10);
    /** Added to the long-poll wait: the portal answers 204 after {@code wait} seconds, not before. */
    static final Duration POLL_GRACE = Duration.ofSeconds(10);
    private static final int MAX_ERROR_BODY = 4096;
    private static final int MAX_ERROR_TEXT = 200;

    /** The portal answered, but not with a usable body. */
    static final class InvalidAnswer extends IOException {
        InvalidAnswer(String message) {
            super(message);
        }
    }

    /** The portal answered with a status this call does not expect; the message holds its error text. */
    static final class Refused extends IOException {
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private final HttpClient http;
    private final URI portal;
    private final Supplier<String> token;
    private final String userAgent;

    /** @param portal base URL without a trailing slash, as {@link AgentOptions} leaves it */
    PortalClient(HttpClient http, URI portal, String token, String agentVersion) {
        this(http, portal, () -> token, agentVersion);
    }

    /** @param token asked before every request, so a rotated credential written to the token file takes effect */
    PortalClient(HttpClient http, URI portal, Supplier<String> token, String agentVersion) {
        this.http = http;
        this.portal = portal;
        this.token = token;
        this.userAgent = "tunnelgate-agent/" + agentVersion;
    }

    /**
     * Asks for the changes since {@code since}, or a snapshot when {@code since} is 0. Empty when nothing
     * changed within {@code waitSeconds}.
     */
    Optional<GatewayState> poll(long since, int waitSeconds) throws IOException, InterruptedException {
        String query = since == 0 ? "since=0&snapshot=true&wait=" + waitSeconds : "since=" + since + "&wait=" + waitSeconds;
        HttpRequest request = request("/api/agent/v1/state?" + query)
                .timeout(Duration.ofSeconds(waitSeconds).plus(POLL_GRACE))
                .GET().build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            return switch (response.statusCode()) {
                case 204 -> Optional.empty();
                case 200 -> Optional.of(decode(body));
                default -> throw refused(response.statusCode(), body);
            };
        }
    }

    /** Posts a report; {@link Refused} when the portal turns it down (400, 401, 409, 413, 422, …). */
    void report(StatusReport report) throws IOException, InterruptedException {
        HttpRequest request = request("/api/agent/v1/status")
                .timeout(REPORT_TIMEOUT)
                .header("Content-Type", AgentWire.MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(AgentWire.encode(report), StandardCharsets.UTF_8))
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw refused(response.statusCode(), body);
            }
        }
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(portal + pathAndQuery))
                .header("Authorization", "Bearer " + token.get())
                .header("Accept", AgentWire.MEDIA_TYPE)
                .header("User-Agent", userAgent);
    }

    private static GatewayState decode(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new InvalidAnswer("the portal's state is larger than " + MAX_BODY + " bytes");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            return AgentWire.decodeState(text);
        } catch (CharacterCodingException e) {
            throw new InvalidAnswer("the portal's state is not UTF-8");
        } catch (IllegalArgumentException e) {
            // AgentWire's messages name a line, never its content (which may be a preshared key).
            throw new InvalidAnswer("the portal's state is invalid: " + e.getMessage());
        }
    }

    private static Refused refused(int status, InputStream body) throws IOException {
        String text = new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        String line = ProcessRunner.sanitize(text);
        if (line.length() > MAX_ERROR_TEXT) {
            line = line.substring(0, MAX_ERROR_TEXT) + "…";
        }
        return new Refused(status, "the portal answered " + status + (line.isEmpty() ? "" : ": " + line));
    }
}
