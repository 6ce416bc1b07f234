package dev.tunnelgate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.apitokens.ApiTokenService;
import dev.tunnelgate.jobs.DeliveryProgress.Progress;
import dev.tunnelgate.testing.ApiCallers;
import dev.tunnelgate.testing.ApiClient;
import dev.tunnelgate.testing.Eventually;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.ScriptedDeliveryProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The job queue over the REST API: listing by status, and an admin's retry of a failed job, audited. */
class JobsApiIT extends PortalIntegrationTest {
    private static final String JOBS = "/api/v1/jobs";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApiTokenService tokens;

    @Autowired
    GatewayJobRepository repository;

    @Autowired
    ScriptedDeliveryProgress delivery;

    @Autowired
    TransactionTemplate tx;

    ApiClient api;
    ApiCallers callers;
    long group;

    @BeforeEach
    void setUp() {
        api = new ApiClient(baseUrl());
        callers = new ApiCallers(jdbc, tokens);
        // A group id of this test's own, whose delivery the test scripts (no such group exists).
        group = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
    }

    @AfterEach
    void finishAndForgetTheGroupsJobs() {
        delivery.script(group, target -> Progress.noMembers());
        Eventually.await(
                Duration.ofSeconds(30),
                "the group's open jobs to finish",
                () -> jdbc.queryForObject(
                        "select count(*) from gateway_job where group_id = ? and status in ('QUEUED', 'RUNNING')",
                        Long.class,
                        group),
                open -> open == 0);
        delivery.forget(group);
        jdbc.update("delete from gateway_job where group_id = ?", group);
    }

    private long failedJob(long revision) {
        return Objects.requireNonNull(tx.execute(status -> {
            var now = Instant.now();
            var job = repository.save(new GatewayJob(group, "group-" + group, revision, now));
            job.start(now);
            job.fail("waiting for gw-b (applied %d of %d)".formatted(revision - 1, revision), now);
            return job.id();
        }));
    }

    @Test
    void jobs_are_listed_newest_first_and_by_status() {
        long older = failedJob(3);
        long newer = failedJob(4);

        var failed = api.get(callers.adminToken, JOBS + "?status=FAILED&size=500");
        assertThat(failed.status()).as(failed.toString()).isEqualTo(200);
        var items = failed.json().get("items");
        assertThat(items.findValues("status").stream().map(v -> v.asString())).containsOnly("FAILED");
        var ids = items.findValues("id").stream().map(v -> v.asLong()).toList();
        assertThat(ids).contains(older, newer);
        assertThat(ids.indexOf(newer)).isLessThan(ids.indexOf(older));
        assertThat(items.get(ids.indexOf(newer)).get("lastError").asString()).contains("gw-b");

        var done = api.get(callers.adminReadOnly, JOBS + "?status=DONE&size=500");
        assertThat(done.json().get("items").findValues("id").stream().map(v -> v.asLong()))
                .doesNotContain(older, newer);
        var all = api.get(callers.adminToken, JOBS + "?size=1");
        assertThat(all.json().get("items").size()).isEqualTo(1);
        assertThat(all.json().get("hasNext").asBoolean()).isTrue();

        for (var bad : new String[] {"?status=BROKEN", "?status=failed%0Aforged", "?size=0", "?page=-1"}) {
            var refused = api.get(callers.adminToken, JOBS + bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.json().get("field").asString()).isEqualTo(bad.substring(1, bad.indexOf('=')));
        }
    }

    @Test
    void an_admin_retries_a_failed_job_once_and_the_retry_is_audited() {
        long job = failedJob(9);
        delivery.script(group, target -> Progress.noMembers());

        var retried = api.send("POST", JOBS + "/" + job + "/retry", callers.adminToken, null);
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.json().get("jobId").asLong()).isEqualTo(job);
        assertThat(jdbc.queryForObject(
                        "select count(*) from audit_event where action = 'job.retried' and target = ? and actor like ?",
                        Long.class,
                        "job:" + job,
                        "%(user:" + callers.admin + ")"))
                .isEqualTo(1);

        var again = api.send("POST", JOBS + "/" + job + "/retry", callers.adminToken, null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problem()).isEqualTo("conflict");
        Eventually.await(
                Duration.ofSeconds(30),
                "the retried job to be done",
                () -> repository.findById(job).orElseThrow().row().status(),
                status -> status == JobStatus.DONE);
    }
}
