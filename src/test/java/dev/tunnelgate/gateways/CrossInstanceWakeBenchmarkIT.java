package dev.tunnelgate.gateways;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.agent.InMemoryAgent;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.testing.PortalProcess;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue #13's cross-instance benchmark: two portal instances on one PostgreSQL database, this test's JVM as instance
 * A (revocations go through its services, as the UI or API of A would make them) and the packaged portal as instance
 * B, which a gateway member long-polls. The member is the agent's real loop, client and state store in this JVM on the
 * in-memory WireGuard interface ({@link InMemoryAgent}), talking HTTP to B. For each of 100 revocations the clock runs
 * from the revocation's commit on A until the member's acknowledgement of that revision is in {@code gateway_member}
 * ({@code applied_revision}, which B writes when the agent reports). Once with B woken by LISTEN/NOTIFY, once with
 * {@code tunnelgate.gateways.listen-notify=false} on B, so only its 200 ms poll carries A's commits. Between
 * revocations a random pause (50-250 ms), so the commits do not fall in step with B's poll. PostgreSQL only; run:
 * {@code ./mvnw -o -q package -DskipTests}, then
 * {@code TUNNELGATE_TEST_POSTGRES_URL=… ./mvnw -o test-compile failsafe:integration-test@it-postgres
 * -Dit.test=CrossInstanceWakeBenchmarkIT -Dtunnelgate.it.exclude=none}. Prints its figures to stdout.
 */
@Tag("benchmark")
@Tag("shared-database")
class CrossInstanceWakeBenchmarkIT extends GatewayIntegrationTest {
    private static final int REVOCATIONS = Integer.getInteger("tunnelgate.benchmark.revocations", 100);

    @Test
    void revocations_on_instance_a_until_acknowledged_by_a_member_polling_instance_b() throws Exception {
        long network = fixture.network(ApprovalMode.AUTOMATIC, 100);
        long group = fixture.group("127.0.0.1:51820", 51820, network);
        var member = fixture.member(group, "gw-b");
        Path work = Files.createTempDirectory("tunnelgate-cross-instance-bench");
        try {
            var notify = measure(group, member, network, work.resolve("notify"), true);
            var poll = measure(group, member, network, work.resolve("poll"), false);
            report("LISTEN/NOTIFY", notify);
            report("poll only (200 ms)", poll);
            assertThat(notify).hasSize(REVOCATIONS);
            assertThat(poll).hasSize(REVOCATIONS);
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private List<Double> measure(long group, IssuedCredential member, long network, Path stateDir, boolean listenNotify)
            throws Exception {
        // At most 100 devices per user: an owner of its own for each run.
        long owner = fixture.user("cross-instance bench " + fixture.suffix + " " + listenNotify);
        var ids = new ArrayList<Long>();
        for (int i = 0; i < REVOCATIONS; i++) {
            ids.add(fixture.enroll(owner, network).id());
        }
        var latencies = new ArrayList<Double>();
        try (var portalB = PortalProcess.start(
                        "cross-instance-b-" + (listenNotify ? "notify" : "poll"),
                        PortalProcess.freePort(),
                        "target/it-secret.key",
                        Map.of("tunnelgate.gateways.listen-notify", Boolean.toString(listenNotify)));
                var agent = InMemoryAgent.start(portalB.baseUrl(), member.token(), stateDir)) {
            awaitAcknowledged(group, revision(group), 120_000);
            assertThat(agent.peerCount()).isGreaterThanOrEqualTo(REVOCATIONS);
            var random = ThreadLocalRandom.current();
            for (long id : ids) {
                Thread.sleep(random.nextLong(50, 251));
                fixture.revoke(owner, id);
                long committed = System.nanoTime();
                long target = revision(group);
                awaitAcknowledged(group, target, 60_000);
                latencies.add((System.nanoTime() - committed) / 1e6);
            }
        }
        return latencies;
    }

    private long revision(long group) {
        return Objects.requireNonNull(
                jdbc.queryForObject("select revision from gateway_group where id = ?", Long.class, group));
    }

    private void awaitAcknowledged(long group, long target, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            Long applied = jdbc.queryForObject(
                    "select min(applied_revision) from gateway_member where group_id = ? and revoked_at is null",
                    Long.class,
                    group);
            if (applied != null && applied >= target) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("member at %s, revision %d not acknowledged".formatted(applied, target));
            }
            Thread.sleep(2);
        }
    }

    private static void report(String mode, List<Double> latencies) {
        var sorted =
                latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(
                "cross-instance wake, %s: %d revocations on A, acknowledged via B: p50 %.0f ms, p90 %.0f ms, p99 %.0f"
                        + " ms, max %.0f ms, mean %.0f ms%n",
                mode,
                sorted.length,
                percentile(sorted, 50),
                percentile(sorted, 90),
                percentile(sorted, 99),
                sorted[sorted.length - 1],
                Arrays.stream(sorted).average().orElse(0));
    }

    /** Nearest rank. */
    private static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
