package dev.tunnelgate.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tunnelgate.protocol.AgentWire;
import dev.tunnelgate.protocol.GatewayState;
import dev.tunnelgate.protocol.StatusReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The portal's agent API, scripted by a test: {@code /state} hands out queued answers in order and answers
 * 204 when none arrives within {@code idleWait}; {@code /status} records reports and answers as told.
 */
final class FakePortal implements AutoCloseable {
    record Answer(int status, String body) {}

    /** @param received {@link System#nanoTime()} when the request had arrived whole */
    record Request(
            String path,
            @Nullable String query,
            @Nullable String authorization,
            @Nullable String contentType,
            String body,
            long received) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Duration idleWait;
    /** Each takes the request's query: an answer may depend on whether a snapshot was asked for. */
    private final BlockingQueue<Function<@Nullable String, Answer>> stateAnswers = new LinkedBlockingQueue<>();

    private final List<Request> requests = new ArrayList<>();
    private volatile Answer statusAnswer = new Answer(204, "");
    /** Like a portal older than the endpoints request, until told otherwise. */
    private volatile Answer endpointsAnswer = new Answer(404, "not found");

    private FakePortal(InetSocketAddress address, Duration idleWait) throws IOException {
        this.idleWait = idleWait;
        this.server = HttpServer.create(address, 16);
        server.createContext("/api/agent/v1/state", this::state);
        server.createContext("/api/agent/v1/status", this::status);
        server.createContext("/api/agent/v1/endpoints", this::endpoints);
        server.setExecutor(executor);
        server.start();
    }

    static FakePortal start(InetAddress address, Duration idleWait) throws IOException {
        return start(new InetSocketAddress(address, 0), idleWait);
    }

    /** On a given port too: a portal that comes back where it was, after {@link #close()}. */
    static FakePortal start(InetSocketAddress address, Duration idleWait) throws IOException {
        return new FakePortal(address, idleWait);
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    static FakePortal onLoopback() throws IOException {
        return start(InetAddress.getLoopbackAddress(), Duration.ZERO);
    }

    URI uri() {
        var address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
    }

    void answer(GatewayState state) {
        answer(200, AgentWire.encode(state));
    }

    void answer(int status, String body) {
        stateAnswers.add(query -> new Answer(status, body));
    }

    /** Like the portal: the snapshot to a request for one, the delta to a request for the changes since its base. */
    void answer(GatewayState snapshot, GatewayState delta) {
        stateAnswers.add(query ->
                new Answer(200, AgentWire.encode(query != null && query.contains("snapshot=true") ? snapshot : delta)));
    }

    void answerEndpointsWith(int status, String body) {
        endpointsAnswer = new Answer(status, body);
    }

    synchronized long endpointRequests() {
        return requests.stream()
                .filter(request -> request.path().endsWith("/endpoints"))
                .count();
    }

    private void endpoints(HttpExchange exchange) throws IOException {
        record(exchange);
        respond(exchange, endpointsAnswer);
    }

    void answerReportsWith(int status, String body) {
        statusAnswer = new Answer(status, body);
    }

    synchronized List<Request> stateRequests() {
        return requests.stream()
                .filter(request -> request.path().endsWith("/state"))
                .toList();
    }

    synchronized List<StatusReport> reports() {
        return requests.stream()
                .filter(request -> request.path().endsWith("/status"))
                .map(request -> AgentWire.decodeStatus(request.body()))
                .toList();
    }

    synchronized List<Request> reportRequests() {
        return requests.stream()
                .filter(request -> request.path().endsWith("/status"))
                .toList();
    }

    /** Waits until a report matches; fails the test after {@code timeout}. */
    StatusReport awaitReport(Predicate<StatusReport> matching, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (StatusReport report : reports()) {
                if (matching.test(report)) {
                    return report;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no matching status report within " + timeout + "; got " + reports());
    }

    /** Waits until a report matches, like {@link #awaitReport}, and returns its request (with the time it arrived). */
    Request awaitReportRequest(Predicate<StatusReport> matching, Duration timeout) throws InterruptedException {
        awaitReport(matching, timeout);
        return reportRequests().stream()
                .filter(request -> matching.test(AgentWire.decodeStatus(request.body())))
                .findFirst()
                .orElseThrow();
    }

    /** Waits until at least {@code count} state requests arrived and returns the last of them. */
    Request awaitStateRequests(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Request> seen = stateRequests();
            if (seen.size() >= count) {
                return seen.get(count - 1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("fewer than " + count + " state requests within " + timeout + ": " + stateRequests());
    }

    private void state(HttpExchange exchange) throws IOException {
        Request request = record(exchange);
        Function<@Nullable String, Answer> answer;
        try {
            answer = stateAnswers.poll(idleWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = null;
        }
        respond(exchange, answer == null ? new Answer(204, "") : answer.apply(request.query()));
    }

    private void status(HttpExchange exchange) throws IOException {
        record(exchange);
        respond(exchange, statusAnswer);
    }

    private Request record(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        var request = new Request(
                exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                body,
                System.nanoTime());
        synchronized (this) {
            requests.add(request);
        }
        return request;
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        if (answer.status() == 204) {
            exchange.sendResponseHeaders(204, -1);
        } else {
            exchange.getResponseHeaders().set("Content-Type", AgentWire.MEDIA_TYPE);
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
