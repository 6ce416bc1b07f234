package dev.tunnelgate.gateways;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.protocol.AgentWire;
import dev.tunnelgate.testing.Eventually;
import dev.tunnelgate.testing.PortalProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The order of a shutdown as a load balancer sees it: the packaged portal gets SIGTERM while an agent waits in a long
 * poll; {@code /readyz} answers 503 before the poll is let go, so the balancer has taken the instance out before
 * the agent asks again. The portal process shares PostgreSQL with this test's context (which creates the member):
 * only the PostgreSQL pass runs it.
 */
@Tag("shared-database")
class ShutdownReadinessIT extends GatewayIntegrationTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static int readiness(PortalProcess portal) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(portal.baseUrl() + "/readyz"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException closed) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void readyz_refuses_traffic_before_a_waiting_long_poll_is_let_go() throws Exception {
        long network = fixture.network(ApprovalMode.MANUAL, 5);
        long group = fixture.group("vpn.example.test:51820", 51820, network);
        var member = fixture.member(group, "gw-a");
        var portal = PortalProcess.start(
                "readiness",
                PortalProcess.freePort(),
                "target/it-secret.key",
                Map.of("tunnelgate.shutdown.unready-delay", "2s"));
        try {
            // Ready a moment after the port opens: once the application has started (ApplicationReadyEvent).
            Eventually.await(Duration.ofSeconds(30), "/readyz to answer 200", () -> readiness(portal), s -> s == 200);
            var http = new AgentHttp(portal.baseUrl());
            var snapshot = AgentWire.decodeState(
                    http.state(member.token(), "snapshot=true").body());
            jdbc.update("update gateway_member set last_contact_at = null where id = ?", member.memberId());
            var poll = http.stateAsync(member.token(), "since=" + snapshot.revision() + "&wait=25");
            Eventually.await(
                    Duration.ofSeconds(20),
                    "the long poll to reach the portal",
                    () -> jdbc.queryForObject(
                            "select last_contact_at is not null from gateway_member where id = ?",
                            Boolean.class,
                            member.memberId()),
                    Boolean.TRUE::equals);

            var stopped = Thread.ofVirtual().start(() -> {
                try {
                    portal.close(); // SIGTERM, then waits for the exit
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            // Readiness is watched as a load balancer would; the poll must still be waiting when it first fails.
            int status = Eventually.await(
                    Duration.ofSeconds(20), "/readyz to stop answering 200", () -> readiness(portal), s -> s != 200);
            boolean pollAnsweredAlready = poll.isDone();

            assertThat(status).isEqualTo(503);
            assertThat(pollAnsweredAlready).isFalse();
            var answer = poll.get(20, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.body()).isEqualTo("the portal is shutting down\n");
            stopped.join(Duration.ofSeconds(30));
        } finally {
            portal.close();
        }
    }
}
