package dev.tunnelgate.agent;

import dev.tunnelgate.protocol.AgentWire;
import dev.tunnelgate.protocol.GatewayState;
import dev.tunnelgate.protocol.KnownEndpoint;
import dev.tunnelgate.protocol.StatusReport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The agent's side of {@code /api/agent/v1}: a long poll for the gateway's state and a status report. Every
 * answer other than the documented ones is an {@link IOException}; the caller decides what to retry. Each
 * exchange has one deadline for headers and body together, so a portal (or a load balancer) that stops sending
 * halfway through a body cannot stall the agent: {@link HttpRequest#timeout} alone covers only the headers.
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

    /**
     * The request got no answer from the portal (refused, timed out, TLS, a host name that does not resolve); the
     * message says which, and where it was sent.
     */
    static final class Unreachable extends IOException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** There is no usable token to send (the token file is broken); asking again helps only once it is fixed. */
    static final class NoCredential extends IOException {
        NoCredential() {
            super("no usable credential in the token file");
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

    /**
     * 502, 503 and 504 come from a proxy or load balancer in front of the portal when the portal behind it is down or
     * restarting: for the agent that is the same as a refused connection. (The portal's own 503, "concurrent change,
     * send again", asks for the same: another attempt soon.)
     */
    static boolean answeredForAnAbsentPortal(int status) {
        return status == 502 || status == 503 || status == 504;
    }

    private final HttpClient http;
    private final URI portal;
    private final Supplier<@Nullable String> token;
    private final String userAgent;
    private final Duration pollGrace;

    /** @param portal base URL without a trailing slash, as {@link AgentOptions} leaves it */
    PortalClient(HttpClient http, URI portal, String token, String agentVersion) {
        this(http, portal, () -> token, agentVersion, POLL_GRACE);
    }

    /**
     * @param token asked before every request, so a rotated credential written to the token file takes effect;
     *              null while there is no usable one (the request then fails without reaching the portal)
     */
    PortalClient(
            HttpClient http, URI portal, Supplier<@Nullable String> token, String agentVersion, Duration pollGrace) {
        this.http = http;
        this.portal = portal;
        this.token = token;
        this.userAgent = "tunnelgate-agent/" + agentVersion;
        this.pollGrace = pollGrace;
    }

    /**
     * Asks for the changes since {@code since}, or a snapshot when {@code since} is 0. Empty when nothing
     * changed within {@code waitSeconds}.
     */
    Optional<GatewayState> poll(long since, int waitSeconds) throws IOException, InterruptedException {
        // dns=true: this agent reads the state's DNS servers (an older portal ignores the parameter).
        String query =
                (since == 0 ? "since=0&snapshot=true&wait=" + waitSeconds : "since=" + since + "&wait=" + waitSeconds)
                        + "&dns=true";
        Duration deadline = Duration.ofSeconds(waitSeconds).plus(pollGrace);
        HttpRequest request =
                request("/api/agent/v1/state?" + query).timeout(deadline).GET().build();
        HttpResponse<byte[]> response = exchange(request, deadline, MAX_BODY);
        return switch (response.statusCode()) {
            case 204 -> Optional.empty();
            case 200 -> Optional.of(decode(response.body()));
            default -> throw refused(response.statusCode(), response.body());
        };
    }

    /**
     * The endpoints the group's members last saw its peers at; empty when the portal is older than this request (404).
     */
    Optional<List<KnownEndpoint>> endpoints() throws IOException, InterruptedException {
        HttpRequest request =
                request("/api/agent/v1/endpoints").timeout(REPORT_TIMEOUT).GET().build();
        HttpResponse<byte[]> response = exchange(request, REPORT_TIMEOUT, MAX_BODY);
        return switch (response.statusCode()) {
            case 200 -> Optional.of(decodeEndpoints(response.body()));
            case 404 -> Optional.empty();
            default -> throw refused(response.statusCode(), response.body());
        };
    }

    private static List<KnownEndpoint> decodeEndpoints(byte[] bytes) throws IOException {
        try {
            return AgentWire.decodeEndpoints(StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            throw new InvalidAnswer("the portal's endpoints are not UTF-8");
        } catch (IllegalArgumentException e) {
            throw new InvalidAnswer("the portal's endpoints are invalid: " + e.getMessage());
        }
    }

    /** Posts a report; {@link Refused} when the portal turns it down (400, 401, 409, 413, 422, …). */
    void report(StatusReport report) throws IOException, InterruptedException {
        HttpRequest request = request("/api/agent/v1/status")
                .timeout(REPORT_TIMEOUT)
                .header("Content-Type", AgentWire.MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(AgentWire.encode(report), StandardCharsets.UTF_8))
                .build();
        HttpResponse<byte[]> response = exchange(request, REPORT_TIMEOUT, MAX_ERROR_BODY);
        if (response.statusCode() / 100 != 2) {
            throw refused(response.statusCode(), response.body());
        }
    }

    /** Sends and collects the body; a 2xx body over {@code maxBody} fails, an error body is cut at {@link #MAX_ERROR_BODY}. */
    private HttpResponse<byte[]> exchange(HttpRequest request, Duration deadline, int maxBody)
            throws IOException, InterruptedException {
        var future = http.sendAsync(
                request,
                info -> info.statusCode() / 100 == 2
                        ? new LimitedBody(maxBody, false)
                        : new LimitedBody(MAX_ERROR_BODY, true));
        try {
            return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + deadline.toSeconds() + " s");
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof InvalidAnswer || cause instanceof Refused) {
                throw (IOException) cause;
            }
            throw new Unreachable("no answer from " + where() + ": " + TransportFailure.describe(cause), cause);
        }
    }

    /** The portal's scheme, host and port: never user information a URL may carry. */
    private String where() {
        return portal.getScheme() + "://" + portal.getHost() + (portal.getPort() < 0 ? "" : ":" + portal.getPort());
    }

    private HttpRequest.Builder request(String pathAndQuery) throws IOException {
        String credential = token.get();
        if (credential == null) {
            throw new NoCredential();
        }
        return HttpRequest.newBuilder(URI.create(portal + pathAndQuery))
                .header("Authorization", "Bearer " + credential)
                .header("Accept", AgentWire.MEDIA_TYPE)
                .header("User-Agent", userAgent);
    }

    private static GatewayState decode(byte[] bytes) throws IOException {
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return AgentWire.decodeState(text);
        } catch (CharacterCodingException e) {
            throw new InvalidAnswer("the portal's state is not UTF-8");
        } catch (IllegalArgumentException e) {
            // AgentWire's messages name a line, never its content (which may be a preshared key).
            throw new InvalidAnswer("the portal's state is invalid: " + e.getMessage());
        }
    }

    private static Refused refused(int status, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        String line = ProcessRunner.sanitize(text);
        if (line.length() > MAX_ERROR_TEXT) {
            line = line.substring(0, MAX_ERROR_TEXT) + "…";
        }
        return new Refused(status, "the portal answered " + status + (line.isEmpty() ? "" : ": " + line));
    }
}
