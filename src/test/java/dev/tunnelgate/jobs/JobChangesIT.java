package dev.tunnelgate.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.UI;
import dev.tunnelgate.gateways.GatewayIntegrationTest;
import dev.tunnelgate.housekeeping.Housekeeping;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.testing.TestUsers;
import dev.tunnelgate.testing.Views;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a job changed, from real device changes in a real gateway group: the peers of its revisions by device and
 * owner, the whole set when the group's networks changed, and "details pruned" once housekeeping pruned the log.
 */
class JobChangesIT extends GatewayIntegrationTest {
    @Autowired
    ApplicationContext context;

    @Autowired
    JobService jobService;

    @Autowired
    GatewayJobRepository repository;

    @Autowired
    Housekeeping housekeeping;

    @Autowired
    Scheduler scheduler;

    @Autowired
    TransactionTemplate tx;

    long group;

    @BeforeEach
    void setUp() {
        // The jobs stay where the test puts them: each is started by hand, so that the next change gets a job of its
        // own.
        scheduler.pause();
    }

    @AfterEach
    void tearDown() {
        Views.stop();
        SecurityContextHolder.clearContext();
        jdbc.update(
                "delete from scheduled_tasks where task_instance in (select cast(id as varchar(20)) from gateway_job"
                        + " where group_id = ?)",
                group);
        jdbc.update("delete from gateway_job where group_id = ?", group);
        scheduler.resume();
    }

    /** The group's newest job, started as the scheduler would start it: the next revision gets a new job. */
    private GatewayJob startNewest() {
        return tx.execute(status -> {
            var job = repository
                    .findById(jdbc.queryForObject(
                            "select max(id) from gateway_job where group_id = ?", Long.class, group))
                    .orElseThrow();
            job.start(Instant.now());
            return job;
        });
    }

    private Map<Long, JobChanges> changes(long... jobIds) {
        var before = SecurityContextHolder.getContext().getAuthentication();
        SecurityContextHolder.getContext()
                .setAuthentication(TestLogins.as(fixture.admin, "Ada Admin", Roles.USER, Roles.ADMIN));
        try {
            return jobService.changes(LongStream.of(jobIds).boxed().toList());
        } finally {
            SecurityContextHolder.getContext().setAuthentication(before);
        }
    }

    @Test
    void a_job_names_the_devices_and_owners_of_its_revisions_and_says_when_the_log_was_pruned() {
        long network = fixture.network(ApprovalMode.AUTOMATIC, 10);
        long alice = TestUsers.insert(jdbc, "Alice " + fixture.suffix);
        long bob = TestUsers.insert(jdbc, "Bob " + fixture.suffix);
        group = fixture.group("vpn.example.test:51820", 51820, network);
        var created = startNewest();

        var laptop = fixture.enroll(alice, network);
        var phone = fixture.enroll(bob, network);
        var joined = startNewest();
        fixture.revoke(alice, laptop.id());
        var revoked = startNewest();

        assertThat(joined.firstRevision()).as("both enrolments joined one job").isLessThan(joined.targetRevision());
        var before = changes(created.id(), joined.id(), revoked.id());
        assertThat(before.get(created.id())).isEqualTo(new JobChanges(0, List.of(), true, false));
        var both = before.get(joined.id());
        assertThat(both.peers()).isEqualTo(2);
        assertThat(both.named())
                .extracting(JobChanges.Peer::device, JobChanges.Peer::owner)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                laptop.enrollment().device().name(), "Alice " + fixture.suffix),
                        org.assertj.core.groups.Tuple.tuple(
                                phone.enrollment().device().name(), "Bob " + fixture.suffix));
        assertThat(before.get(revoked.id()).named())
                .singleElement()
                .extracting(JobChanges.Peer::publicKey)
                .isEqualTo(laptop.publicKey());
        assertThat(before.get(revoked.id()).pruned()).isFalse();

        // The Jobs view shows it in the admin's words.
        Views.start(context);
        Views.signIn(TestLogins.as(fixture.admin, "Ada Admin", Roles.USER, Roles.ADMIN), Roles.USER, Roles.ADMIN);
        UI.getCurrent().navigate(JobsView.class);
        var view = LocatorJ._get(JobsView.class);
        assertThat(changesCell(view, joined.id()))
                .startsWith("2 peers changed: ")
                .contains(laptop.enrollment().device().name() + " (Alice " + fixture.suffix + ")")
                .contains(phone.enrollment().device().name() + " (Bob " + fixture.suffix + ")");
        assertThat(changesCell(view, created.id()))
                .isEqualTo("Whole peer set sent again (the group's networks changed)");
        assertThat(view.grid.getColumnByKey("changes").getHeaderText()).isEqualTo("Changes");

        // Every live member applied the enrolments: housekeeping prunes the log up to there.
        long member = fixture.member(group, "gw-a").memberId();
        jdbc.update("update gateway_member set applied_revision = ? where id = ?", joined.targetRevision(), member);
        assertThat(housekeeping.prune(Instant.now()).changeRows()).isPositive();

        var after = changes(created.id(), joined.id(), revoked.id());
        assertThat(after.get(created.id())).isEqualTo(new JobChanges(0, List.of(), false, true));
        assertThat(after.get(joined.id())).isEqualTo(new JobChanges(0, List.of(), false, true));
        assertThat(after.get(revoked.id())).isEqualTo(before.get(revoked.id()));
        view.refresh();
        assertThat(changesCell(view, joined.id())).isEqualTo("Details pruned");
        assertThat(changesCell(view, revoked.id()))
                .isEqualTo(
                        "1 peer changed: " + laptop.enrollment().device().name() + " (Alice " + fixture.suffix + ")");
    }

    @Test
    void only_admins_ask_and_never_for_more_than_a_page() {
        SecurityContextHolder.getContext()
                .setAuthentication(TestLogins.as(fixture.owner, "Device owner", Roles.USER, Roles.AUDITOR));
        assertThatThrownBy(() -> jobService.changes(List.of(1L))).isInstanceOf(AuthorizationDeniedException.class);
        SecurityContextHolder.clearContext();
        var tooMany = LongStream.rangeClosed(1, JobService.MAX_CHANGES_JOBS + 1)
                .boxed()
                .toList();
        assertThatThrownBy(() ->
                        changes(tooMany.stream().mapToLong(Long::longValue).toArray()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String changesCell(JobsView view, long jobId) {
        var index = IntStream.range(0, GridKt._size(view.grid))
                .filter(i -> GridKt._get(view.grid, i).id() == jobId)
                .findFirst()
                .orElseThrow();
        var column = view.grid.getColumns().indexOf(view.grid.getColumnByKey("changes"));
        return GridKt._getFormattedRow(view.grid, index).get(column);
    }
}
