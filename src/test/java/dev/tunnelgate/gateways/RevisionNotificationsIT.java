package dev.tunnelgate.gateways;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.testing.Eventually;
import dev.tunnelgate.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wake-ups by LISTEN/NOTIFY alone: each test runs a listener of its own with a watcher that never polls the group
 * table (not started), so an agent waiting there is woken by a revision committed elsewhere (another session, as
 * another portal instance would commit it) only if the notification path works, also after hostile payloads and after
 * its connection was killed. (The shared portal's own watcher and listener are left alone: a second Spring context
 * with another poll interval would disturb the tests that share the first.)
 */
@Tag("postgres-only")
class RevisionNotificationsIT extends GatewayIntegrationTest {
    private static final Duration GENEROUS = Duration.ofSeconds(30);

    @Autowired
    JdbcConnectionDetails database;

    @Autowired
    RevisionNotifications portalNotifications;

    RevisionWatcher watcher;

    RevisionNotifications notifications;

    @Autowired
    Revisions revisions;

    @Autowired
    PlatformTransactionManager transactions;

    @BeforeEach
    void startListener() {
        watcher = new RevisionWatcher(jdbc, Duration.ofHours(1));
        notifications = new RevisionNotifications(jdbc, watcher, database, new SimpleMeterRegistry(), true);
        notifications.start();
    }

    @AfterEach
    void stopListener() {
        notifications.stop();
    }

    private static Connection anotherSession() throws SQLException {
        return DriverManager.getConnection(
                Objects.requireNonNull(TestDatabase.postgresUrl()),
                TestDatabase.postgresUser(),
                TestDatabase.postgresPassword());
    }

    private static void notify(Connection session, String channel, String payload) throws SQLException {
        try (var statement = session.prepareStatement("select pg_notify(?, ?)")) {
            statement.setString(1, channel);
            statement.setString(2, payload);
            statement.execute();
        }
    }

    /** What another portal instance does when it raises the group's revision: update and notify, one transaction. */
    private static long commitElsewhere(long groupId) throws SQLException {
        try (var session = anotherSession()) {
            session.setAutoCommit(false);
            long revision;
            try (var update = session.prepareStatement(
                    "update gateway_group set revision = revision + 1 where id = ? returning revision")) {
                update.setLong(1, groupId);
                try (var result = update.executeQuery()) {
                    result.next();
                    revision = result.getLong(1);
                }
            }
            notify(session, RevisionNotice.CHANNEL, groupId + ":" + revision);
            session.commit();
            return revision;
        }
    }

    private long revision(long groupId) {
        return Objects.requireNonNull(
                jdbc.queryForObject("select revision from gateway_group where id = ?", Long.class, groupId));
    }

    private long newGroup() {
        return fixture.group("vpn.example.test:51820", 51820, fixture.network(ApprovalMode.MANUAL, 5));
    }

    private CompletableFuture<Long> waitForChange(long groupId) {
        var woken = new CompletableFuture<Long>();
        watcher.await(
                groupId,
                revision(groupId),
                woken::complete,
                () -> woken.completeExceptionally(new AssertionError("dismissed instead of woken")));
        assertThat(woken).as("nothing new to wake for yet").isNotDone();
        return woken;
    }

    private int listening() {
        return Eventually.await(
                GENEROUS, "the revision listener connected", notifications::backendPid, pid -> pid != 0);
    }

    @Test
    void a_revision_committed_by_another_session_wakes_a_waiting_agent_by_notification_alone() throws Exception {
        assertThat(portalNotifications.enabled())
                .as("the portal listens on PostgreSQL")
                .isTrue();
        listening();
        long group = newGroup();
        var woken = waitForChange(group);

        long committed = commitElsewhere(group);

        assertThat(woken.get(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isEqualTo(committed);
    }

    @Test
    void revisions_notify_at_commit_and_not_at_rollback() throws Exception {
        long group = newGroup();
        var tx = new TransactionTemplate(transactions);
        try (var listener = anotherSession()) {
            try (var statement = listener.createStatement()) {
                statement.execute("LISTEN " + RevisionNotice.CHANNEL);
                statement.execute("LISTEN tunnelgate_test_marker");
            }

            tx.executeWithoutResult(status -> {
                revisions.settingsChanged(group);
                status.setRollbackOnly();
            });
            // Notifications arrive in commit order: anything the rollback had sent would come before this marker.
            try (var session = anotherSession()) {
                notify(session, "tunnelgate_test_marker", "rolled back before this");
            }
            long committed = Objects.requireNonNull(tx.execute(status -> revisions.settingsChanged(group)));

            var seen = new ArrayList<String>();
            var pg = listener.unwrap(PGConnection.class);
            Eventually.await(
                    GENEROUS,
                    "the commit's notification",
                    () -> {
                        try {
                            for (var notification : pg.getNotifications(200)) {
                                seen.add(notification.getName() + " " + notification.getParameter());
                            }
                        } catch (SQLException e) {
                            throw new AssertionError(e);
                        }
                        return seen;
                    },
                    list -> list.contains(RevisionNotice.CHANNEL + " " + group + ":" + committed));
            var ours = seen.stream()
                    .filter(line -> line.startsWith("tunnelgate_test_marker")
                            || line.startsWith(RevisionNotice.CHANNEL + " " + group + ":"))
                    .toList();
            assertThat(ours)
                    .containsExactly(
                            "tunnelgate_test_marker rolled back before this",
                            RevisionNotice.CHANNEL + " " + group + ":" + committed);
        }
    }

    @Test
    void hostile_payloads_are_ignored_and_the_listener_keeps_waking() throws Exception {
        int pid = listening();
        long malformedBefore = notifications.malformedCount();
        long group = newGroup();
        var hostile = List.of(
                "",
                "garbage",
                group + ":1:2",
                "-1:5",
                "0:1",
                group + ":-1",
                "99999999999999999999:1",
                group + ":99999999999999999999",
                group + ":",
                " " + group + ":1",
                group + ":1\n",
                "\u0661:\u0662",
                "1".repeat(7000) + ":1\u001b[2J");
        try (var session = anotherSession()) {
            for (var payload : hostile) {
                notify(session, RevisionNotice.CHANNEL, payload);
            }
            // Well formed, but about a group that does not exist or a revision it never had: wakes nobody wrongly.
            notify(session, RevisionNotice.CHANNEL, "999999999:5");
            notify(session, RevisionNotice.CHANNEL, group + ":" + (revision(group) + 1000));
        }
        var woken = waitForChange(group);

        long committed = commitElsewhere(group);

        assertThat(woken.get(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isEqualTo(committed);
        assertThat(notifications.malformedCount() - malformedBefore).isEqualTo(hostile.size());
        assertThat(notifications.backendPid())
                .as("the same connection, never dropped")
                .isEqualTo(pid);
    }

    @Test
    void after_its_connection_is_killed_the_listener_reconnects_and_wakes_again() throws Exception {
        int killed = listening();

        jdbc.queryForObject("select pg_terminate_backend(?)", Boolean.class, killed);

        int again = Eventually.await(
                GENEROUS, "a new listening connection", notifications::backendPid, pid -> pid != 0 && pid != killed);
        assertThat(again).isNotEqualTo(killed);
        long group = newGroup();
        var woken = waitForChange(group);

        long committed = commitElsewhere(group);

        assertThat(woken.get(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isEqualTo(committed);
    }

    @Test
    void stopping_closes_the_listening_connection() {
        int pid = listening();

        notifications.stop();

        assertThat(notifications.backendPid()).isZero();
        Eventually.await(
                GENEROUS,
                "backend " + pid + " gone",
                () -> jdbc.queryForObject("select count(*) from pg_stat_activity where pid = ?", Long.class, pid),
                count -> count != null && count == 0);
    }
}
