package dev.tunnelgate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.apitokens.ApiTokenService;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.testing.ApiCallers;
import dev.tunnelgate.testing.ApiClient;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestUsers;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The audit log over the REST API: pages with the Audit view's filters, and the NDJSON export. */
class AuditApiIT extends PortalIntegrationTest {
    private static final String AUDIT = "/api/v1/audit";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApiTokenService tokens;

    @Autowired
    AuditLog audit;

    ApiClient api;
    ApiCallers callers;
    String target;
    Instant base;

    @BeforeEach
    void setUp() {
        api = new ApiClient(baseUrl());
        callers = new ApiCallers(jdbc, tokens);
        // A target of this test's own; no object has this id.
        target = "network:" + ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
        base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.DAYS);
    }

    /** Records events as the services would have; returns their ids in the order they were inserted. */
    private List<Long> record(int count, String actor, String action, Instant at) {
        var ids = new ArrayList<Long>();
        for (int i = 0; i < count; i++) {
            jdbc.update(
                    "insert into audit_event (occurred_at, actor, action, target, details) values (?, ?, ?, ?, ?)",
                    Timestamp.from(at),
                    actor,
                    action,
                    target,
                    "n=" + i);
            ids.add(Objects.requireNonNull(
                    jdbc.queryForObject("select max(id) from audit_event where target = ?", Long.class, target)));
        }
        return ids;
    }

    @Test
    void the_log_is_paged_newest_first_with_the_audit_views_filters() {
        var created = record(1, "Zed Tester (user:1)", "network.created", base);
        var changed = record(2, "Yan Other (user:2)", "network.changed", base.plusSeconds(60));

        var all = api.get(callers.auditorToken, AUDIT + "?target=" + target);
        assertThat(all.status()).as(all.toString()).isEqualTo(200);
        assertThat(all.json().get("items").findValues("id").stream().map(v -> v.asLong()))
                .containsExactly(changed.get(1), changed.get(0), created.get(0));
        assertThat(all.json().get("items").get(2).get("occurredAt").asString()).isEqualTo(base.toString());
        assertThat(all.json().get("items").get(2).get("details").asString()).isEqualTo("n=0");

        var byAction = api.get(callers.adminToken, AUDIT + "?target=" + target + "&action=network.changed");
        assertThat(byAction.json().get("items").size()).isEqualTo(2);
        var byActor = api.get(callers.adminReadOnly, AUDIT + "?target=" + target + "&actor=zed%20TESTER");
        assertThat(byActor.json().get("items").findValues("id").stream().map(v -> v.asLong()))
                .containsExactly(created.get(0));

        var first = api.get(callers.adminToken, AUDIT + "?target=" + target + "&size=2");
        assertThat(first.json().get("items").size()).isEqualTo(2);
        assertThat(first.json().get("hasNext").asBoolean()).isTrue();
        var second = api.get(callers.adminToken, AUDIT + "?target=" + target + "&size=2&page=1");
        assertThat(second.json().get("items").findValues("id").stream().map(v -> v.asLong()))
                .containsExactly(created.get(0));
        assertThat(second.json().get("hasNext").asBoolean()).isFalse();

        for (var bad : new String[] {"?size=0", "?size=501", "?page=-1", "?page=x"}) {
            var refused = api.get(callers.adminToken, AUDIT + bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.json().get("field").asString()).isEqualTo(bad.substring(1, bad.indexOf('=')));
        }
        // Wildcards are matched as they are, and hostile text finds nothing rather than everything.
        var hostile = api.get(callers.adminToken, AUDIT + "?target=" + target + "%27%20or%20%271%27=%271");
        assertThat(hostile.status()).isEqualTo(200);
        assertThat(hostile.json().get("items").size()).isZero();
    }

    @Test
    void the_export_streams_every_matching_event_once_newest_first_one_per_line() {
        // More than two export pages, most of them recorded in the same instant: page borders fall between ties.
        var older = record(7, "Zed Tester (user:1)", "network.changed", base);
        var tied = record(AuditApi.EXPORT_PAGE * 2 + 34, "Zed Tester (user:1)", "network.changed", base.plusSeconds(5));
        var newest = record(1, "Zed Tester (user:1)", "network.created", base.plusSeconds(9));

        var export = api.get(callers.auditorToken, AUDIT + "/export?target=" + target);
        assertThat(export.status()).as(export.toString()).isEqualTo(200);
        assertThat(export.header("Content-Type")).startsWith("application/x-ndjson");
        assertThat(export.header("Content-Disposition")).contains("attachment");
        assertThat(export.body()).endsWith("\n");
        var lines = export.body().split("\n");
        var expected = new ArrayList<Long>();
        expected.addAll(newest);
        expected.addAll(tied.reversed());
        expected.addAll(older.reversed());
        var ids = new ArrayList<Long>();
        for (var line : lines) {
            var event = ApiClient.JSON.readTree(line);
            assertThat(event.get("target").asString()).isEqualTo(target);
            ids.add(event.get("id").asLong());
        }
        assertThat(ids).isEqualTo(expected);
        assertThat(new HashSet<>(ids)).hasSize(lines.length);

        var filtered = api.get(callers.adminToken, AUDIT + "/export?target=" + target + "&action=network.created");
        assertThat(filtered.body().strip().split("\n")).hasSize(1);
        var none = api.get(callers.adminToken, AUDIT + "/export?target=" + target + "&actor=nobody-at-all");
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.body()).isEmpty();
    }

    @Test
    void events_recorded_while_an_export_runs_neither_repeat_nor_push_older_ones_out() {
        var ids = record(5, "Zed Tester (user:1)", "network.changed", base);
        var filter = new AuditFilter("", target, "");
        TestUsers.as(
                callers.auditor,
                () -> {
                    var first = audit.searchAfter(filter, null, 2);
                    assertThat(first).extracting(AuditEvent::id).containsExactly(ids.get(4), ids.get(3));
                    // Newer events arrive between two pages: an offset would now read ids 3 and 2 again.
                    record(3, "Zed Tester (user:1)", "network.changed", base.plusSeconds(30));
                    var second = audit.searchAfter(filter, first.getLast(), 2);
                    assertThat(second).extracting(AuditEvent::id).containsExactly(ids.get(2), ids.get(1));
                    var third = audit.searchAfter(filter, second.getLast(), 2);
                    assertThat(third).extracting(AuditEvent::id).containsExactly(ids.get(0));
                    return null;
                },
                Roles.AUDITOR);
    }
}
