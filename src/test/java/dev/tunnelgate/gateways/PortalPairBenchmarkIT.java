package dev.tunnelgate.gateways;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.apitokens.ApiTokenScope;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.testing.ApiClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kill -9} of one portal of the pair during a burst of revocations through HAProxy, repeated
 * ({@code -Dtunnelgate.bench.pair-trials}, default 20), the killed portal restarted between trials (portals a and b
 * take turns): how many committed changes were lost (target 0), and the time from the kill until every member
 * acknowledged the last change of the burst. Figures in docs/benchmarks.md.
 */
@Tag("benchmark")
@Tag("gateway-e2e")
class PortalPairBenchmarkIT extends PortalPairTest {
    private static final Logger log = LoggerFactory.getLogger(PortalPairBenchmarkIT.class);
    private static final int TRIALS = Integer.getInteger("tunnelgate.bench.pair-trials", 20);
    private static final int BURST = Integer.getInteger("tunnelgate.bench.pair-burst", 50);

    @Test
    void kill_nine_of_a_portal_during_a_burst_loses_no_change() throws Exception {
        var token = ApiClient.token(
                jdbc, apiTokens, fixture.admin, ApiTokenScope.READ_WRITE, Roles.ADMIN, Roles.APPROVER, Roles.AUDITOR);
        var millis = new ArrayList<Long>();
        long lostTotal = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            String victim = trial % 2 == 0 ? "a" : "b";
            long owner = fixture.user("Bench owner " + fixture.suffix + " " + trial);
            var burst = new ArrayList<GatewayFixture.Enrolled>();
            for (int i = 0; i < BURST; i++) {
                burst.add(fixture.enroll(owner, network));
                fixture.approve(burst.getLast().id());
            }
            awaitBothApply(currentRevision());
            var revocations = new RevocationBurst(lab.proxyUrl(), token, 4);
            var killed = revocations.run(
                    burst.stream().map(GatewayFixture.Enrolled::id).toList(), BURST / 2, () -> {
                        try {
                            lab.kill(victim);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
            long last = currentRevision();
            var acknowledged = awaitBothApply(last);
            long lost = revocations.lost();
            for (var device : burst) {
                var status = jdbc.queryForObject("select status from device where id = ?", String.class, device.id());
                boolean gone = !lab.gwA.peerKeys().contains(device.publicKey())
                        && !lab.gwB.peerKeys().contains(device.publicKey());
                if (!"REVOKED".equals(status) || !gone) {
                    lost++;
                }
            }
            lostTotal += lost;
            long ms = Duration.between(killed, acknowledged).toMillis();
            millis.add(ms);
            log.info(
                    "trial {}: portal {} killed; lost {}; every member acknowledged revision {} {} ms after the kill;"
                            + " {}",
                    trial + 1,
                    victim,
                    lost,
                    last,
                    ms,
                    revocations.summary());
            lab.startPortal(victim);
            lab.awaitUp("portal-" + victim);
        }
        var sorted = millis.stream().sorted().toList();
        log.info(
                "portal kill -9 over {} trials of {} revocations: lost {}; kill to last acknowledgement p50 {} ms,"
                        + " max {} ms, all {}",
                TRIALS,
                BURST,
                lostTotal,
                sorted.get(sorted.size() / 2),
                sorted.getLast(),
                millis);
        assertThat(lostTotal).isZero();
    }

    private long currentRevision() {
        return jdbc.queryForObject("select revision from gateway_group where id = ?", Long.class, group);
    }

    private Instant awaitBothApply(long revision) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            List<Long> applied = jdbc.queryForList(
                    "select applied_revision from gateway_member where group_id = ?", Long.class, group);
            if (applied.stream().filter(a -> a >= revision).count() == 2) {
                return Instant.now();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("members did not apply " + revision + lab.logs());
            }
            Thread.sleep(20);
        }
    }
}
