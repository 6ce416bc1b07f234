package dev.tunnelgate.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.gateways.DesiredState;
import dev.tunnelgate.gateways.GatewayIntegrationTest;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.protocol.GatewayState;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The change log keeps what some member may still ask for; finished jobs go after the retention. */
class HousekeepingIT extends GatewayIntegrationTest {
    @Autowired
    Housekeeping housekeeping;

    @Autowired
    DesiredState desiredState;

    private List<Long> revisions(long group) {
        return jdbc.query(
                "select revision from gateway_change where group_id = ? order by revision",
                (rs, i) -> rs.getLong(1),
                group);
    }

    private long revision(long group) {
        return Objects.requireNonNull(
                jdbc.queryForObject("select revision from gateway_group where id = ?", Long.class, group));
    }

    /** What an agent asking from {@code since} gets, as the agent API asks (the gateway side reads network settings as a signed-in caller would). */
    private GatewayState.Kind kindSince(long group, long since) {
        return fixture.asAdmin(
                () -> desiredState.since(group, since, false).orElseThrow().kind());
    }

    private void applied(long member, long revision) {
        jdbc.update("update gateway_member set applied_revision = ? where id = ?", revision, member);
    }

    @Test
    void change_rows_at_or_below_the_lowest_revision_a_live_member_applied_go_and_a_delta_from_below_is_a_snapshot() {
        long network = fixture.network(ApprovalMode.AUTOMATIC, 10);
        long group = fixture.group("vpn.example.test:51820", 51820, network);
        long a = fixture.member(group, "gw-a").memberId();
        long b = fixture.member(group, "gw-b").memberId();
        long never = fixture.member(group, "gw-never").memberId();
        for (int i = 0; i < 4; i++) {
            fixture.enroll(network);
        }
        long top = revision(group);
        long horizon = top - 2;
        applied(a, top);
        applied(b, horizon);
        assertThat(revisions(group)).anyMatch(r -> r < horizon);

        assertThat(housekeeping.prune(Instant.now()).changeRows()).isPositive();

        assertThat(revisions(group)).allMatch(r -> r >= horizon);
        assertThat(jdbc.queryForObject(
                        "select count(*) from gateway_change where group_id = ? and revision = ? and public_key = '*'",
                        Integer.class,
                        group,
                        horizon))
                .isEqualTo(1);
        // gw-b asks from the horizon: a delta with the two later changes; from below it: a snapshot.
        assertThat(kindSince(group, horizon)).isEqualTo(GatewayState.Kind.DELTA);
        assertThat(kindSince(group, horizon - 1)).isEqualTo(GatewayState.Kind.SNAPSHOT);
        // A member that never applied anything (it gets a snapshot) did not hold the horizon at zero.
        assertThat(jdbc.queryForObject("select applied_revision from gateway_member where id = ?", Long.class, never))
                .isZero();

        // Nothing more to prune: a second run changes nothing and audits nothing.
        int audits = count("select count(*) from audit_event where action = 'system.pruned'");
        var again = housekeeping.prune(Instant.now());
        assertThat(again.changeRows()).isZero();
        if (again.jobs() == 0) {
            assertThat(count("select count(*) from audit_event where action = 'system.pruned'"))
                    .isEqualTo(audits);
        }
    }

    @Test
    void a_revoked_member_does_not_hold_the_horizon_back() {
        long network = fixture.network(ApprovalMode.AUTOMATIC, 10);
        long group = fixture.group("vpn.example.test:51820", 51820, network);
        long live = fixture.member(group, "gw-live").memberId();
        long gone = fixture.member(group, "gw-gone").memberId();
        fixture.enroll(network);
        fixture.enroll(network);
        long top = revision(group);
        applied(live, top);
        applied(gone, 1);
        jdbc.update("update gateway_member set revoked_at = ? where id = ?", Timestamp.from(Instant.now()), gone);
        housekeeping.prune(Instant.now());
        assertThat(revisions(group)).containsExactly(top);
    }

    @Test
    void finished_jobs_older_than_the_retention_are_deleted_and_open_or_recent_ones_stay() {
        var now = Instant.now();
        long oldDone = job("DONE", now.minus(Duration.ofDays(31)));
        long oldFailed = job("FAILED", now.minus(Duration.ofDays(40)));
        long recentDone = job("DONE", now.minus(Duration.ofDays(29)));
        long queued = job("QUEUED", null);
        var pruned = housekeeping.prune(now);
        assertThat(pruned.jobs()).isGreaterThanOrEqualTo(2);
        assertThat(exists(oldDone)).isFalse();
        assertThat(exists(oldFailed)).isFalse();
        assertThat(exists(recentDone)).isTrue();
        assertThat(exists(queued)).isTrue();
        assertThat(jdbc.queryForObject(
                        "select details from audit_event where action = 'system.pruned' order by id desc"
                                + " fetch first 1 rows only",
                        String.class))
                .contains("jobs=" + pruned.jobs());
    }

    private long job(String status, Instant finishedAt) {
        var created = Timestamp.from(Instant.now().minus(Duration.ofDays(60)));
        jdbc.update(
                "insert into gateway_job (version, group_id, group_name, first_revision, target_revision, status, attempts,"
                        + " created_at, updated_at, finished_at) values (0, -1, 'pruning test', 1, 1, ?, 1, ?, ?, ?)",
                status,
                created,
                created,
                finishedAt == null ? null : Timestamp.from(finishedAt));
        return Objects.requireNonNull(jdbc.queryForObject("select max(id) from gateway_job", Long.class));
    }

    private boolean exists(long job) {
        return count("select count(*) from gateway_job where id = " + job) == 1;
    }

    private int count(String sql) {
        return Objects.requireNonNull(jdbc.queryForObject(sql, Integer.class));
    }
}
