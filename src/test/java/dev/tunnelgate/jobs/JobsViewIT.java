package dev.tunnelgate.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.github.mvysny.kaributesting.v10.MockAccessDeniedException;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.Views;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The Jobs view as an admin uses it, and as nobody else may. */
class JobsViewIT extends PortalIntegrationTest {
    @Autowired
    ApplicationContext context;

    @Autowired
    GatewayJobRepository repository;

    @Autowired
    GatewayJobs gatewayJobs;

    @Autowired
    Scheduler scheduler;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcTemplate jdbc;

    long group;

    @BeforeEach
    void setUp() {
        group = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
        // Jobs of this test stay where the test puts them.
        scheduler.pause();
        Views.start(context);
    }

    @AfterEach
    void tearDown() {
        Views.stop();
        jdbc.update(
                "delete from scheduled_tasks where task_instance in (select cast(id as varchar(20)) from gateway_job"
                        + " where group_id = ?)",
                group);
        jdbc.update("delete from gateway_job where group_id = ?", group);
        scheduler.resume();
    }

    private void signIn(String... roles) {
        Views.signIn(TestLogins.as(32, "Ada Admin", roles), roles);
    }

    private long failedJob(long revision) {
        return tx.execute(status -> {
            var now = Instant.now();
            var job = repository.save(new GatewayJob(group, "view-group-" + group, revision, now));
            job.start(now);
            job.observe(
                    new DeliveryProgress.Progress(1, 2, List.of(new DeliveryProgress.Pending("gw-b", revision - 1))),
                    now);
            job.fail("waiting for gw-b (applied %d of %d)".formatted(revision - 1, revision), now);
            return job.id();
        });
    }

    private static List<JobRow> rows(JobsView view) {
        return IntStream.range(0, GridKt._size(view.grid))
                .mapToObj(i -> GridKt._get(view.grid, i))
                .toList();
    }

    private static int indexOf(JobsView view, long jobId) {
        var rows = rows(view);
        return IntStream.range(0, rows.size())
                .filter(i -> rows.get(i).id() == jobId)
                .findFirst()
                .orElse(-1);
    }

    @Test
    void an_admin_finds_a_failed_job_by_its_status_and_retries_it() {
        var failedId = failedJob(12);
        signIn(Roles.USER, Roles.ADMIN);
        UI.getCurrent().navigate(JobsView.class);
        var view = LocatorJ._get(JobsView.class);
        assertThat(view.counts.getText()).containsPattern("[1-9][0-9]* failed");

        view.status.setValue(JobStatus.FAILED);
        assertThat(rows(view)).allMatch(row -> row.status() == JobStatus.FAILED);
        var index = indexOf(view, failedId);
        assertThat(index).isNotNegative();
        var row = rows(view).get(index);
        assertThat(JobsView.acknowledged(row)).isEqualTo("1/2");
        assertThat(row.lastError()).isEqualTo("waiting for gw-b (applied 11 of 12)");

        LocatorJ._click((Button) GridKt._getCellComponent(view.grid, index, "actions"));
        NotificationsKt.expectNotifications("Job #%d is queued again".formatted(failedId));
        assertThat(indexOf(view, failedId)).as("no longer among the failed").isNegative();
        var job = repository.findById(failedId).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(job.attempts()).isZero();
    }

    @Test
    void only_failed_jobs_offer_a_retry() {
        tx.executeWithoutResult(status -> gatewayJobs.stage(group, "view-group-" + group, 5));
        var queuedId = jdbc.queryForObject("select id from gateway_job where group_id = ?", Long.class, group);
        signIn(Roles.USER, Roles.ADMIN);
        UI.getCurrent().navigate(JobsView.class);
        var view = LocatorJ._get(JobsView.class);
        view.status.setValue(JobStatus.QUEUED);
        var index = indexOf(view, queuedId);
        assertThat(index).isNotNegative();
        assertThat(JobsView.acknowledged(rows(view).get(index))).isEqualTo("–");
        assertThat(GridKt._getCellComponent(view.grid, index, "actions")).isNotInstanceOf(Button.class);
    }

    @Test
    void nobody_but_an_admin_opens_the_jobs_view() {
        signIn(Roles.USER, Roles.APPROVER, Roles.AUDITOR);
        assertThatThrownBy(() -> UI.getCurrent().navigate(JobsView.class))
                .isInstanceOf(MockAccessDeniedException.class);
        LocatorJ._assertNone(JobsView.class);
    }
}
