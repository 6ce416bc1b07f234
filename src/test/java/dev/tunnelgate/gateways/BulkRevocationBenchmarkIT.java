package dev.tunnelgate.gateways;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.agent.InMemoryAgent;
import dev.tunnelgate.devices.BulkRevocations;
import dev.tunnelgate.networks.ApprovalMode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue #10's benchmark: an admin revokes 1,000 active devices at once ("Devices" → bulk revoke); the clock runs
 * from the start of the bulk revocation until both members of the group have applied the revision that removes the
 * last of them. Two agents run the real agent loop, client and state store in this JVM on the in-memory interface.
 * Three runs of 1,000 fresh devices each. Never part of {@code verify}; run it with
 * {@code ./mvnw -B failsafe:integration-test@it-h2 -Dit.test=BulkRevocationBenchmarkIT -Dtunnelgate.it.exclude=none}
 * (or {@code @it-postgres} with {@code TUNNELGATE_TEST_POSTGRES_URL} set). Prints its figures to stdout.
 */
@Tag("benchmark")
class BulkRevocationBenchmarkIT extends GatewayIntegrationTest {
    private static final int DEVICES = 1_000;
    private static final int PER_USER = 100;
    private static final int RUNS = 3;

    @Autowired
    BulkRevocations bulk;

    @Test
    void a_bulk_revocation_of_1000_devices_until_every_member_acknowledged() throws Exception {
        long network = fixture.network(ApprovalMode.AUTOMATIC, PER_USER);
        long group = fixture.group("127.0.0.1:51820", 51820, network);
        var first = fixture.member(group, "gw-a");
        var second = fixture.member(group, "gw-b");
        Path work = Files.createTempDirectory("tunnelgate-bulk-bench");
        try (var a = InMemoryAgent.start(baseUrl(), first.token(), work.resolve("a"));
                var b = InMemoryAgent.start(baseUrl(), second.token(), work.resolve("b"))) {
            for (int run = 1; run <= RUNS; run++) {
                var ids = seed(network, run);
                awaitAcknowledged(group, 300_000);
                assertThat(a.peerCount()).isGreaterThanOrEqualTo(DEVICES);

                long start = System.nanoTime();
                var revocation = fixture.asAdmin(() -> bulk.start(ids, "benchmark run " + System.nanoTime()));
                while (!revocation.finished()) {
                    Thread.onSpinWait();
                    Thread.sleep(1);
                }
                double revokedMs = (System.nanoTime() - start) / 1e6;
                awaitAcknowledged(group, 300_000);
                double acknowledgedMs = (System.nanoTime() - start) / 1e6;
                assertThat(revocation.revoked()).isEqualTo(DEVICES);
                assertThat(a.peerCount()).isZero();
                assertThat(b.peerCount()).isZero();
                System.out.printf(
                        "bulk revocation of %d devices, run %d: all revoked after %.0f ms, acknowledged by both members"
                                + " after %.0f ms%n",
                        DEVICES, run, revokedMs, acknowledgedMs);
            }
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private List<Long> seed(long network, int run) {
        var ids = new ArrayList<Long>();
        long owner = 0;
        for (int i = 0; i < DEVICES; i++) {
            if (i % PER_USER == 0) {
                owner = fixture.user("bulk bench " + fixture.suffix + " " + run + " " + i);
            }
            ids.add(fixture.enroll(owner, network).id());
        }
        return ids;
    }

    private void awaitAcknowledged(long group, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            long revision = Objects.requireNonNull(
                    jdbc.queryForObject("select revision from gateway_group where id = ?", Long.class, group));
            long applied = Objects.requireNonNull(jdbc.queryForObject(
                    "select min(applied_revision) from gateway_member where group_id = ? and revoked_at is null",
                    Long.class,
                    group));
            if (applied >= revision) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("members at %d, group at %d".formatted(applied, revision));
            }
            Thread.sleep(1);
        }
    }
}
