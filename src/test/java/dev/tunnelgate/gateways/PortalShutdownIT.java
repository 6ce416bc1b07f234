package dev.tunnelgate.gateways;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.protocol.AgentWire;
import dev.tunnelgate.testing.Eventually;
import dev.tunnelgate.testing.PortalProcess;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The packaged portal stopped as an operator (or a rolling restart) stops it, with SIGTERM, while an agent waits in a
 * long poll: the poll is answered at once and the process exits without waiting for the poll's 25 s to run out.
 * The portal process shares PostgreSQL with this test's context, which creates the member it polls as: tagged so
 * that only the PostgreSQL pass runs it.
 */
@Tag("shared-database")
class PortalShutdownIT extends GatewayIntegrationTest {
    /** Before waiting polls were let go, a stop took the rest of the longest poll's wait, up to 25 s. */
    private static final Duration QUICK_STOP = Duration.ofSeconds(10);

    @Test
    void sigterm_answers_a_waiting_long_poll_at_once_and_the_portal_exits_quickly() throws Exception {
        long network = fixture.network(ApprovalMode.MANUAL, 5);
        long group = fixture.group("vpn.example.test:51820", 51820, network);
        var member = fixture.member(group, "gw-a");
        var portal = PortalProcess.start("shutdown", PortalProcess.freePort(), "target/it-secret.key", Map.of());
        try {
            var http = new AgentHttp(portal.baseUrl());
            var snapshot = AgentWire.decodeState(
                    http.state(member.token(), "snapshot=true").body());
            jdbc.update("update gateway_member set last_contact_at = null where id = ?", member.memberId());
            var poll = http.stateAsync(member.token(), "since=" + snapshot.revision() + "&wait=25");
            // The poll records the contact as it arrives, just before it starts to wait.
            Eventually.await(
                    Duration.ofSeconds(20),
                    "the long poll to reach the portal",
                    () -> jdbc.queryForObject(
                            "select last_contact_at is not null from gateway_member where id = ?",
                            Boolean.class,
                            member.memberId()),
                    Boolean.TRUE::equals);
            assertThat(poll).isNotDone();

            long stopping = System.nanoTime();
            portal.close(); // SIGTERM, then waits for the exit (SIGKILL after 20 s)
            var took = Duration.ofNanos(System.nanoTime() - stopping);
            System.out.println("PortalShutdownIT: the portal stopped " + took.toMillis() + " ms after SIGTERM");

            var answer = poll.get(1, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.body()).isEqualTo("the portal is shutting down\n");
            assertThat(took).isLessThan(QUICK_STOP);
        } finally {
            portal.close();
        }
    }
}
