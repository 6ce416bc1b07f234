package dev.tunnelgate.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code --metrics-listen}: {@code GET /metrics} in Prometheus' text format, on the JDK's own HTTP server (no
 * framework on a gateway). Read-only and without credentials, like every Prometheus exporter: the address it listens
 * on is its protection. Anything but {@code GET} or {@code HEAD} of {@code /metrics} is refused.
 */
final class MetricsServer implements AutoCloseable {
    static final String PATH = "/metrics";
    private static final System.Logger LOG = System.getLogger(MetricsServer.class.getName());

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on {@code address} (port 0: any free one) and serves {@code exposition} at each scrape. */
    static MetricsServer start(InetSocketAddress address, Supplier<String> exposition) throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        // Two threads: a scrape is quick, and a slow client cannot hold the only one.
        ExecutorService executor = Executors.newFixedThreadPool(2, task -> {
            var thread = new Thread(task, "tunnelgate-agent-metrics");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, exposition));
        server.start();
        return new MetricsServer(server, executor);
    }

    /** The address it listens on, with the port it got. */
    InetSocketAddress address() {
        return server.getAddress();
    }

    private static void handle(HttpExchange exchange, Supplier<String> exposition) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getRawPath().equals(PATH)) {
                respond(exchange, 404, "not found; the metrics are at " + PATH + "\n");
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, "only GET and HEAD\n");
                return;
            }
            byte[] body;
            try {
                body = exposition.get().getBytes(StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "rendering the metrics failed: " + InterfaceKeeper.message(e));
                respond(exchange, 500, "rendering the metrics failed\n");
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", PrometheusText.CONTENT_TYPE);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
