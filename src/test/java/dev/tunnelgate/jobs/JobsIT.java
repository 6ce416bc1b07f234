package dev.tunnelgate.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.kagkarlsson.scheduler.Scheduler;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.jobs.DeliveryProgress.Pending;
import dev.tunnelgate.jobs.DeliveryProgress.Progress;
import dev.tunnelgate.testing.Eventually;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.ScriptedDeliveryProgress;
import dev.tunnelgate.testing.Views;
import dev.tunnelgate.text.ConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The job queue with the real scheduler: staging in the business transaction, coalescing,
 * completion, retries with backoff, failure, and the admin's retry. Each test uses a gateway group
 * id of its own and scripts that group's delivery progress.
 */
class JobsIT extends PortalIntegrationTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    ApplicationContext context;

    @Autowired
    GatewayJobs gatewayJobs;

    @Autowired
    JobService jobService;

    @Autowired
    GatewayJobRepository repository;

    @Autowired
    ScriptedDeliveryProgress delivery;

    @Autowired
    Scheduler scheduler;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcTemplate jdbc;

    long group;
    String groupName;

    @BeforeEach
    void newGroup() {
        group = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
        groupName = "group-" + group;
    }

    @AfterEach
    void finishAndForgetTheGroupsJobs() {
        scheduler.resume();
        SecurityContextHolder.clearContext();
        delivery.script(group, target -> Progress.noMembers());
        Eventually.await(
                PATIENCE,
                "the group's open jobs to finish",
                this::jobs,
                jobs -> jobs.stream()
                        .noneMatch(j -> j.status() == JobStatus.QUEUED || j.status() == JobStatus.RUNNING));
        delivery.forget(group);
        jdbc.update("delete from gateway_job where group_id = ?", group);
    }

    private List<JobRow> jobs() {
        return jdbc
                .queryForList("select id from gateway_job where group_id = ? order by id", Long.class, group)
                .stream()
                .map(id -> repository.findById(id).orElseThrow().row())
                .toList();
    }

    private JobRow onlyJob() {
        var jobs = jobs();
        assertThat(jobs).hasSize(1);
        return jobs.getFirst();
    }

    private JobRow awaitOnlyJob(String what, Predicate<JobRow> until) {
        return Eventually.await(PATIENCE, what, this::jobs, jobs -> jobs.size() == 1 && until.test(jobs.getFirst()))
                .getFirst();
    }

    private void stage(long revision) {
        tx.executeWithoutResult(status -> gatewayJobs.stage(group, groupName, revision));
    }

    private int executions(long jobId) {
        return jdbc.queryForObject(
                "select count(*) from scheduled_tasks where task_name = ? and task_instance = ?",
                Integer.class,
                JobsConfiguration.DELIVER_REVISION.getTaskName(),
                String.valueOf(jobId));
    }

    private long failedJob(long revision) {
        return tx.execute(status -> {
            var now = Instant.now();
            var job = repository.save(new GatewayJob(group, groupName, revision, now));
            job.start(now);
            job.fail("waiting for gw-b (applied %d of %d)".formatted(revision - 1, revision), now);
            return job.id();
        });
    }

    private static void signIn(String... roles) {
        SecurityContextHolder.getContext().setAuthentication(TestLogins.as(31, "Ada Admin", roles));
    }

    private static Progress allOf(int members) {
        return new Progress(members, members, List.of());
    }

    @Test
    void a_job_staged_in_a_committed_transaction_runs_and_is_done_once_every_member_acknowledged() {
        var gwBApplied = new AtomicBoolean();
        delivery.script(
                group,
                target -> !gwBApplied.get() ? new Progress(1, 2, List.of(new Pending("gw-b", target - 1))) : allOf(2));
        stage(42);

        var running =
                awaitOnlyJob("the job to run and see one of two members", j -> Objects.equals(j.acknowledged(), 1));
        assertThat(running.status()).isIn(JobStatus.RUNNING, JobStatus.QUEUED);
        assertThat(running.members()).isEqualTo(2);
        assertThat(running.finishedAt()).isNull();

        gwBApplied.set(true);
        var done = awaitOnlyJob("the job to be done", j -> j.status() == JobStatus.DONE);
        assertThat(done.targetRevision()).isEqualTo(42);
        assertThat(done.acknowledged()).isEqualTo(2);
        assertThat(done.finishedAt()).isNotNull();
        assertThat(done.lastError()).isNull();
        // JobRunner commits DONE first; db-scheduler deletes the execution row right after, in its own step.
        assertThat(Eventually.await(PATIENCE, "the execution row to go", () -> executions(done.id()), n -> n == 0))
                .isZero();
        assertThat(delivery.calls(group)).isNotEmpty().allMatch(call -> call.targetRevision() == 42);
    }

    @Test
    void a_rolled_back_transaction_leaves_neither_a_job_nor_an_execution() {
        // Paused, so an execution that escaped the rollback would still be there to see.
        scheduler.pause();
        var seenInside = tx.execute(status -> {
            gatewayJobs.stage(group, groupName, 7);
            var jobId = jdbc.queryForObject("select id from gateway_job where group_id = ?", Long.class, group);
            var executionsInside = executions(jobId);
            status.setRollbackOnly();
            return new long[] {jobId, executionsInside};
        });
        assertThat(seenInside[1])
                .as("the execution row, inside the transaction")
                .isEqualTo(1);
        assertThat(jobs()).isEmpty();
        assertThat(executions(seenInside[0]))
                .as("the execution row, after the rollback")
                .isZero();
    }

    @Test
    void a_committed_transaction_leaves_the_job_and_its_execution_visible_to_every_connection() {
        scheduler.pause();
        stage(7);
        var job = onlyJob();
        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(job.attempts()).isZero();
        assertThat(executions(job.id())).isEqualTo(1);
    }

    @Test
    void staging_needs_the_callers_transaction() {
        assertThatThrownBy(() -> gatewayJobs.stage(group, groupName, 1))
                .isInstanceOf(IllegalTransactionStateException.class);
        assertThat(jobs()).isEmpty();
    }

    @Test
    void revisions_staged_while_a_job_waits_join_it_and_its_target_never_goes_down() {
        scheduler.pause();
        stage(41);
        stage(43);
        stage(42);
        var queued = onlyJob();
        assertThat(queued.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(queued.targetRevision()).isEqualTo(43);
        assertThat(executions(queued.id())).isEqualTo(1);

        delivery.script(group, target -> allOf(1));
        scheduler.resume();
        var done = awaitOnlyJob("the coalesced job to be done", j -> j.status() == JobStatus.DONE);
        assertThat(done.targetRevision()).isEqualTo(43);
        assertThat(delivery.calls(group)).isNotEmpty().allMatch(call -> call.targetRevision() == 43);
    }

    @Test
    void a_revision_staged_while_an_attempt_runs_gets_a_job_of_its_own() throws InterruptedException {
        var released = new CountDownLatch(1);
        delivery.script(group, target -> {
            try {
                // Holds the attempt inside its look at the group until the test has staged again.
                released.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return allOf(1);
        });
        stage(10);
        awaitOnlyJob("the first job to run", j -> j.status() == JobStatus.RUNNING);

        stage(11);
        var jobs = jobs();
        assertThat(jobs).hasSize(2);
        assertThat(jobs.getFirst().targetRevision()).isEqualTo(10);
        assertThat(jobs.getFirst().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(jobs.getLast().targetRevision()).isEqualTo(11);

        released.countDown();
        var done = Eventually.await(
                PATIENCE,
                "both jobs to be done",
                this::jobs,
                all -> all.stream().allMatch(j -> j.status() == JobStatus.DONE));
        assertThat(done).extracting(JobRow::targetRevision).containsExactly(10L, 11L);
    }

    @Test
    void a_revision_staged_while_a_job_waits_out_its_backoff_gets_a_job_of_its_own_that_runs_at_once() {
        var lagging = new java.util.concurrent.atomic.AtomicBoolean(true);
        delivery.script(
                group,
                target -> lagging.get() && target == 20
                        ? new Progress(0, 1, List.of(new Pending("gw-b", 19)))
                        : allOf(1));
        stage(20);
        awaitOnlyJob("the first attempt to run", j -> j.status() == JobStatus.RUNNING && j.attempts() == 1);
        scheduler.pause(); // the running attempt ends; no second one starts
        awaitOnlyJob("the first attempt to fail", j -> j.status() == JobStatus.QUEUED && j.attempts() == 1);

        stage(21);

        var jobs = jobs();
        assertThat(jobs).hasSize(2);
        assertThat(jobs.getFirst().targetRevision())
                .as("the job in backoff keeps its target")
                .isEqualTo(20);
        assertThat(jobs.getLast().targetRevision()).isEqualTo(21);
        assertThat(jobs.getLast().attempts()).isZero();
        scheduler.resume();
        var fresh = Eventually.await(
                        PATIENCE,
                        "the new job to be done",
                        this::jobs,
                        all -> all.getLast().status() == JobStatus.DONE)
                .getLast();
        assertThat(fresh.attempts()).isEqualTo(1);
        lagging.set(false);
    }

    @Test
    void a_group_without_members_is_done_at_once_and_the_job_says_so() {
        delivery.script(group, target -> Progress.noMembers());
        stage(5);
        var done = awaitOnlyJob("the job to be done", j -> j.status() == JobStatus.DONE);
        assertThat(done.members()).isZero();
        assertThat(done.acknowledged()).isZero();
        assertThat(done.attempts()).isEqualTo(1);
        // The view's words, as the Jobs view (a Vaadin page) shows them.
        Views.start(context);
        try {
            assertThat(JobsView.acknowledged(done)).isEqualTo("no members");
        } finally {
            Views.stop();
        }
    }

    @Test
    void a_job_that_never_gets_every_acknowledgement_retries_with_growing_delays_and_ends_failed() {
        record Look(Instant at, int attempt) {}
        var looks = new CopyOnWriteArrayList<Look>();
        delivery.script(group, target -> {
            looks.add(new Look(
                    Instant.now(),
                    jdbc.queryForObject(
                            "select attempts from gateway_job where group_id = ? and status = 'RUNNING'",
                            Integer.class,
                            group)));
            return new Progress(1, 2, List.of(new Pending("gw-b", target - 1)));
        });
        stage(42);

        var failed = awaitOnlyJob("the job to fail", j -> j.status() == JobStatus.FAILED);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.lastError()).isEqualTo("waiting for gw-b (applied 41 of 42)");
        assertThat(failed.acknowledged()).isEqualTo(1);
        assertThat(failed.members()).isEqualTo(2);
        assertThat(failed.finishedAt()).isNotNull();
        assertThat(Eventually.await(
                        PATIENCE, "no execution left to retry it", () -> executions(failed.id()), n -> n == 0))
                .isZero();

        // Test settings: ack timeout 1 s, first retry after 400 ms, then 3 times longer.
        var gaps = new ArrayList<Duration>();
        for (int attempt = 1; attempt < 3; attempt++) {
            var current = attempt;
            var lastLook = looks.stream()
                    .filter(l -> l.attempt() == current)
                    .map(Look::at)
                    .max(Instant::compareTo)
                    .orElseThrow();
            var nextLook = looks.stream()
                    .filter(l -> l.attempt() == current + 1)
                    .map(Look::at)
                    .min(Instant::compareTo)
                    .orElseThrow();
            gaps.add(Duration.between(lastLook, nextLook));
        }
        assertThat(gaps.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(gaps.get(1)).isGreaterThanOrEqualTo(Duration.ofMillis(1200));
        var firstAttempt =
                looks.stream().filter(l -> l.attempt() == 1).map(Look::at).toList();
        assertThat(Duration.between(firstAttempt.getFirst(), firstAttempt.getLast()))
                .as("an attempt keeps looking until the ack timeout")
                .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void an_admin_retries_a_failed_job_which_then_runs_again_and_the_retry_is_audited() {
        var jobId = failedJob(9);
        delivery.script(group, target -> allOf(2));
        var audited = jdbc.queryForObject(
                "select count(*) from audit_event where action = 'job.retried' and target = ?",
                Integer.class,
                "job:" + jobId);

        signIn(Roles.USER, Roles.ADMIN);
        assertThat(jobService.retry(jobId)).isEqualTo(jobId);

        var done = awaitOnlyJob("the retried job to be done", j -> j.status() == JobStatus.DONE);
        assertThat(done.id()).isEqualTo(jobId);
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(done.lastError()).isNull();
        assertThat(jdbc.queryForObject(
                        "select count(*) from audit_event where action = 'job.retried' and target = ?"
                                + " and actor like 'Ada Admin%'",
                        Integer.class, "job:" + jobId))
                .isEqualTo(audited + 1);
    }

    @Test
    void retrying_while_the_group_has_a_waiting_job_raises_that_job_instead_of_queueing_another() {
        var failedId = failedJob(45);
        scheduler.pause();
        stage(44);
        signIn(Roles.USER, Roles.ADMIN);
        var carrier = jobService.retry(failedId);

        assertThat(carrier).isNotEqualTo(failedId);
        var jobs = jobs();
        assertThat(jobs)
                .filteredOn(j -> j.status() == JobStatus.QUEUED)
                .singleElement()
                .satisfies(j -> {
                    assertThat(j.id()).isEqualTo(carrier);
                    assertThat(j.targetRevision()).isEqualTo(45);
                });
        assertThat(jobs)
                .filteredOn(j -> j.id() == failedId)
                .singleElement()
                .satisfies(j -> assertThat(j.status()).isEqualTo(JobStatus.FAILED));
    }

    @Test
    void only_failed_jobs_can_be_retried() {
        scheduler.pause();
        stage(3);
        var queued = onlyJob();
        signIn(Roles.USER, Roles.ADMIN);
        assertThatThrownBy(() -> jobService.retry(queued.id()))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("only failed jobs");
        assertThatThrownBy(() -> jobService.retry(-1)).isInstanceOf(JobNotFoundException.class);
        assertThat(onlyJob().status()).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void the_list_is_newest_first_filters_by_status_and_the_counts_follow() {
        signIn(Roles.USER, Roles.ADMIN);
        var failedBefore = jobService.counts().get(JobStatus.FAILED);
        var older = failedJob(1);
        var newer = failedJob(2);
        assertThat(jobService.counts().get(JobStatus.FAILED)).isEqualTo(failedBefore + 2);

        var failed = jobService.list(JobStatus.FAILED, PageRequest.of(0, 500)).getContent();
        assertThat(failed).allMatch(j -> j.status() == JobStatus.FAILED);
        assertThat(failed).extracting(JobRow::id).containsSubsequence(newer, older);

        scheduler.pause();
        stage(3);
        var queued = onlyQueued();
        assertThat(jobService.list(null, PageRequest.of(0, 1)).getContent())
                .extracting(JobRow::id)
                .containsExactly(queued);
        assertThat(jobService.list(JobStatus.FAILED, PageRequest.of(0, 500)).getContent())
                .extracting(JobRow::id)
                .doesNotContain(queued);
    }

    private long onlyQueued() {
        return jobs().stream()
                .filter(j -> j.status() == JobStatus.QUEUED)
                .map(JobRow::id)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void an_employee_may_neither_list_nor_count_nor_retry_jobs() {
        var jobId = failedJob(4);
        signIn(Roles.USER, Roles.APPROVER, Roles.AUDITOR);
        assertThatThrownBy(() -> jobService.list(null, PageRequest.of(0, 10)))
                .isInstanceOf(AuthorizationDeniedException.class);
        assertThatThrownBy(() -> jobService.counts()).isInstanceOf(AuthorizationDeniedException.class);
        assertThatThrownBy(() -> jobService.retry(jobId)).isInstanceOf(AuthorizationDeniedException.class);
        assertThat(onlyJob().status()).isEqualTo(JobStatus.FAILED);
    }
}
