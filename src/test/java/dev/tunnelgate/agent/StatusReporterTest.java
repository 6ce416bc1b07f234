package dev.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tunnelgate.protocol.DnsCheck;
import dev.tunnelgate.protocol.EndpointRole;
import dev.tunnelgate.protocol.GatewayState;
import dev.tunnelgate.protocol.InterfaceConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the agent logs when a status report does not get through: the reason, never "null". */
class StatusReporterTest {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord entry) {
            logged.add(entry.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final Logger logger = Logger.getLogger(StatusReporter.class.getName());
    private HttpServer server;

    @BeforeEach
    void listen() {
        logger.addHandler(handler);
    }

    @AfterEach
    void close() {
        logger.removeHandler(handler);
        http.close();
        if (server != null) {
            server.stop(0);
        }
    }

    private StatusReporter reporterFor(URI portal) {
        return new StatusReporter(new PortalClient(http, portal, "gw1.token", "test"), "1.2.3-test");
    }

    private static InterfaceState iface() {
        return new InterfaceState(AgentLoopTest.SELF, 51820, Map.of());
    }

    @Test
    void a_portal_that_is_down_is_logged_as_a_refused_connection_with_its_address() throws Exception {
        int closed = closedPort();
        var reporter = reporterFor(URI.create("http://127.0.0.1:" + closed));

        reporter.send(iface(), null, null);

        assertThat(logged)
                .containsExactly("status report not delivered: no answer from http://127.0.0.1:" + closed
                        + ": connection refused");
    }

    @Test
    void a_503_from_a_proxy_is_logged_with_its_status_and_body() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "upstream portal unavailable\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        var reporter =
                reporterFor(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));

        reporter.send(iface(), null, null);

        assertThat(logged)
                .containsExactly("status report not taken: the portal answered 503: upstream portal unavailable");
    }

    @Test
    void dns_checks_of_desired_servers_go_into_full_reports_and_an_older_portal_gets_the_report_without_them()
            throws Exception {
        var bodies = new CopyOnWriteArrayList<String>();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(body);
            // As a portal from before DNS checks answers a record it does not know.
            int status = body.contains("\ndns ") ? 400 : 204;
            byte[] answer = status == 400 ? "invalid report: line 5: unknown record 'dns'\n".getBytes() : new byte[0];
            exchange.sendResponseHeaders(status, status == 204 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        var checks = List.of(
                new DnsCheck("10.10.0.53", DnsCheck.Outcome.NO_ANSWER),
                new DnsCheck("10.99.0.53", DnsCheck.Outcome.OK));
        var reporter = new StatusReporter(
                new PortalClient(
                        http,
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                        "t",
                        "test"),
                "1.2.3-test",
                () -> checks);
        var desired = GatewayState.snapshot(
                1, new InterfaceConfig(51820, List.of("10.10.0.1/16"), List.of("10.10.0.53")), List.of());

        reporter.send(iface(), desired, desired);
        reporter.send(iface(), desired, desired);

        // 10.99.0.53 is no longer desired: not reported. The refused report goes again at once without the checks,
        // and so does the next one.
        assertThat(bodies).hasSize(3);
        assertThat(bodies.get(0)).contains("\ndns 10.10.0.53 no-answer\n").doesNotContain("10.99.0.53");
        assertThat(bodies.get(1)).doesNotContain("dns").contains("applied-revision 1\n");
        assertThat(bodies.get(2)).doesNotContain("dns");
        assertThat(logged).contains("sending the report again without its DNS checks");
    }

    @Test
    void the_endpoint_role_goes_into_every_report_and_an_older_portal_gets_them_without_it_until_the_role_changes()
            throws Exception {
        var bodies = new CopyOnWriteArrayList<String>();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(body);
            // As a portal from before endpoint roles answers a record it does not know.
            int status = body.contains("\nendpoint-role ") ? 400 : 204;
            byte[] answer = status == 400
                    ? "invalid report: line 5: unknown record 'endpoint-role'\n".getBytes(StandardCharsets.UTF_8)
                    : new byte[0];
            exchange.sendResponseHeaders(status, status == 204 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        var role = new java.util.concurrent.atomic.AtomicReference<>(EndpointRole.HOLDER);
        var reporter = new StatusReporter(
                new PortalClient(
                        http,
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                        "t",
                        "test"),
                "1.2.3-test",
                List::of,
                role::get);
        var desired = GatewayState.snapshot(1, new InterfaceConfig(51820, List.of("10.10.0.1/16")), List.of());

        reporter.send(iface(), desired, desired);
        reporter.acknowledge(AgentLoopTest.SELF, desired);
        role.set(EndpointRole.STANDBY);
        reporter.send(iface(), desired, desired);

        // Refused with the role, sent again at once without it; the quick acknowledgement leaves the refused role
        // out; a new role is tried again (the portal may have been upgraded meanwhile).
        assertThat(bodies).hasSize(5);
        assertThat(bodies.get(0)).contains("\nendpoint-role holder\n");
        assertThat(bodies.get(1)).doesNotContain("endpoint-role").contains("applied-revision 1\n");
        assertThat(bodies.get(2)).doesNotContain("endpoint-role").contains("stats omitted");
        assertThat(bodies.get(3)).contains("\nendpoint-role standby\n");
        assertThat(bodies.get(4)).doesNotContain("endpoint-role");
        assertThat(logged).contains("the portal does not know endpoint roles: sending the report again without it");
    }

    @Test
    void an_agent_without_a_role_sends_none() throws Exception {
        var bodies = new CopyOnWriteArrayList<String>();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        var reporter =
                reporterFor(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
        var desired = GatewayState.snapshot(1, new InterfaceConfig(51820, List.of("10.10.0.1/16")), List.of());

        reporter.send(iface(), desired, desired);
        reporter.acknowledge(AgentLoopTest.SELF, desired);

        assertThat(bodies).hasSize(2).noneMatch(body -> body.contains("endpoint-role"));
    }

    /** A port on 127.0.0.1 that nothing listens on: bound once, then let go. */
    static int closedPort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
