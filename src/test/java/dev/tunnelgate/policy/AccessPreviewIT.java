package dev.tunnelgate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.devices.DeviceService;
import dev.tunnelgate.gateways.GatewayService;
import dev.tunnelgate.gateways.GroupSpec;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.text.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;

/**
 * The preview of a change: what it would grant and withdraw, per user and device, while nothing of it is stored,
 * audited or handed to the gateways.
 */
class AccessPreviewIT extends PortalIntegrationTest {
    /** Every table a policy change or its consequences could write (jobs and groups: only ours, see below). */
    private static final List<String> TABLES = List.of(
            "destination",
            "access_policy",
            "access_policy_network",
            "access_policy_destination",
            "access_policy_group",
            "access_policy_user",
            "app_user_group",
            "network",
            "device",
            "audit_event",
            "gateway_group_network");

    @Autowired
    AccessPreview preview;

    @Autowired
    NetworkService networks;

    @Autowired
    DeviceService devices;

    @Autowired
    GatewayService gateways;

    @Autowired
    JdbcTemplate jdbc;

    ExplainFixture fx;
    long net;
    long group;
    long bob;
    long alice;
    long engineering;
    long ops;
    long wiki;
    long ssh;

    @BeforeEach
    void bobInEngineeringAliceInOps() {
        fx = new ExplainFixture(networks, devices, jdbc);
        net = fx.network("10.0.0.0/8");
        group = fx.asAdmin(() -> gateways.createGroup(new GroupSpec(
                "grp-" + fx.suffix,
                "127.0.0.1:51820",
                51820,
                List.of(net),
                fx.spec(net).gatewayPublicKey())));
        bob = fx.user("bob");
        alice = fx.user("alice");
        fx.groups(bob, "engineering");
        fx.groups(alice, "ops");
        fx.device(bob, net, "bob-laptop");
        fx.pendingDevice(bob, net, "bob-phone");
        fx.device(alice, net, "alice-laptop");
        wiki = fx.destination("Wiki", "198.18.10.0/24", "TCP", "443");
        ssh = fx.destination("SSH", "198.18.20.0/24", "TCP", "22");
        engineering = fx.policy("Engineering", true, net, List.of(wiki), List.of("engineering"), List.of());
        ops = fx.policy("Ops", true, net, List.of(ssh), List.of("ops"), List.of());
    }

    @AfterEach
    void cleanUp() {
        fx.cleanUp();
    }

    /**
     * Table contents, plus our gateway group's revision and its jobs' count and highest target: a staged job adds a
     * row or raises a target. Job rows' status and db-scheduler's executions move on in the background, so they are
     * not compared.
     */
    private Map<String, Object> snapshot() {
        var tables = new LinkedHashMap<String, Object>();
        for (var table : TABLES) {
            var rows = new ArrayList<String>();
            jdbc.queryForList("select * from " + table).forEach(row -> rows.add(row.toString()));
            rows.sort(null);
            tables.put(table, rows);
        }
        tables.put(
                "gateway_group",
                jdbc.queryForList("select revision, peer_hash from gateway_group where id = ?", group));
        tables.put(
                "gateway_job",
                jdbc.queryForList("select count(*), max(target_revision) from gateway_job where group_id = ?", group));
        return tables;
    }

    private long revision() {
        return jdbc.queryForObject("select revision from gateway_group where id = ?", Long.class, group);
    }

    private AccessDiff asAdmin(Runnable change) {
        return fx.asAdmin(() -> preview.preview(List.of(net), change));
    }

    @Test
    void a_policy_edit_shows_who_gains_and_loses_what_and_stores_nothing() {
        var before = snapshot();

        var diff = asAdmin(() -> {
            // What the Access view's save does for "Engineering off, bob into Ops", here with plain SQL.
            jdbc.update("update access_policy set enabled = false, version = version + 1 where id = ?", engineering);
            jdbc.update("insert into access_policy_user (policy_id, user_id) values (?, ?)", ops, bob);
            jdbc.update("insert into audit_event (occurred_at, actor, action, target, details)"
                    + " values (current_timestamp, 'preview test', 'policy.changed', 'policy:1', 'x')");
        });

        assertThat(snapshot()).isEqualTo(before);
        assertThat(diff.users()).extracting(AccessDiff.UserChange::userId).containsExactly(bob);
        var bobs = diff.users().getFirst();
        assertThat(bobs.groups()).containsExactly("engineering");
        assertThat(bobs.devices())
                .extracting(AccessDiff.DeviceChange::deviceName, AccessDiff.DeviceChange::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("bob-laptop", "ACTIVE"),
                        org.assertj.core.groups.Tuple.tuple("bob-phone", "PENDING"));
        for (var device : bobs.devices()) {
            assertThat(device.gained())
                    .extracting(Reach::label)
                    .containsExactly(fx.destinationName("SSH") + " (tcp 22)");
            assertThat(device.gained()).extracting(Reach::policyNames).containsExactly(List.of(fx.policyName("Ops")));
            assertThat(device.lost())
                    .extracting(Reach::label)
                    .containsExactly(fx.destinationName("Wiki") + " (tcp 443)");
            assertThat(device.lost())
                    .extracting(Reach::policyNames)
                    .containsExactly(List.of(fx.policyName("Engineering")));
        }
        assertThat(diff.devicesGaining()).isEqualTo(2);
        assertThat(diff.devicesLosing()).isEqualTo(2);
        assertThat(AccessPreviewPanel.summary(diff))
                .isEqualTo("2 devices of 1 user change: 2 gain access, 2 lose access.");
        assertThat(AccessPreviewPanel.lines(diff, AccessPreviewPanel.MAX_LINES))
                .containsExactly(fx.name(bob) + " (engineering): bob-laptop gains " + fx.destinationName("SSH")
                        + " (tcp 22) through " + fx.policyName("Ops") + ", loses " + fx.destinationName("Wiki")
                        + " (tcp 443) through " + fx.policyName("Engineering") + "; bob-phone (pending approval) gains "
                        + fx.destinationName("SSH") + " (tcp 22) through " + fx.policyName("Ops") + ", loses "
                        + fx.destinationName("Wiki") + " (tcp 443) through " + fx.policyName("Engineering"));
    }

    @Test
    void a_destination_moving_to_another_policy_is_no_change() {
        var diff = asAdmin(() -> {
            jdbc.update("insert into access_policy_destination (policy_id, destination_id) values (?, ?)", ops, wiki);
            jdbc.update("insert into access_policy_group (policy_id, group_name) values (?, 'engineering')", ops);
            jdbc.update("delete from access_policy where id = ?", engineering);
        });

        // bob reaches Wiki through Ops now, and SSH too: he gains SSH only. alice gains Wiki.
        assertThat(diff.users()).hasSize(2);
        var lines = AccessPreviewPanel.lines(diff, 10);
        assertThat(lines)
                .anySatisfy(line -> assertThat(line)
                        .startsWith(fx.name(alice) + " (ops): alice-laptop gains " + fx.destinationName("Wiki")));
        assertThat(diff.users().stream()
                        .filter(u -> u.userId() == bob)
                        .findFirst()
                        .orElseThrow()
                        .devices())
                .allSatisfy(device -> {
                    assertThat(device.gained())
                            .extracting(Reach::destinationName)
                            .containsExactly(fx.destinationName("SSH"));
                    assertThat(device.lost()).isEmpty();
                });
        assertThat(jdbc.queryForObject("select count(*) from access_policy where id = ?", Integer.class, engineering))
                .isEqualTo(1);
    }

    @Test
    void a_network_edit_through_its_service_is_flushed_compared_and_rolled_back_with_its_audit_and_revision() {
        long open = fx.network("10.81.0.0/16");
        fx.open(open);
        long dave = fx.user("dave");
        fx.device(dave, open, "dave-laptop");
        fx.asAdmin(() -> {
            gateways.updateGroup(
                    group,
                    new GroupSpec(
                            "grp-" + fx.suffix,
                            "127.0.0.1:51820",
                            51820,
                            List.of(net, open),
                            fx.spec(net).gatewayPublicKey()));
            return null;
        });
        var before = snapshot();

        var revisionBefore = revision();
        var inside = new ArrayList<Long>();

        var diff = fx.asAdmin(() -> preview.preview(List.of(open), () -> {
            networks.update(
                    open,
                    TestNetworks.with(
                            fx.spec(open),
                            b -> b.split("10.81.0.0/16", "10.82.0.0/16").openWithoutPolicies(true)));
            // Inside the preview the edit is real: audited, and the serving group's revision raised.
            inside.add(revision());
            inside.add(jdbc.queryForObject(
                    "select count(*) from audit_event where action = 'network.changed' and target = ?",
                    Long.class,
                    "network:" + open));
        }));

        // Raised for the new settings and again for the grants they change.
        assertThat(inside).containsExactly(revisionBefore + 2, 1L);
        assertThat(snapshot()).isEqualTo(before);
        assertThat(AccessPreviewPanel.lines(diff, 10))
                .containsExactly(fx.name(dave) + ": dave-laptop gains Everything the gateway routes, loses Everything"
                        + " the gateway routes");
        var change = diff.users().getFirst().devices().getFirst();
        assertThat(change.gained().getFirst().prefixesText()).isEqualTo("10.81.0.0/16, 10.82.0.0/16");
        assertThat(change.lost().getFirst().prefixesText()).isEqualTo("10.81.0.0/16");
    }

    @Test
    void a_refused_change_is_thrown_on_and_what_it_did_before_is_rolled_back() {
        var before = snapshot();

        assertThatThrownBy(() -> asAdmin(() -> {
                    jdbc.update("update access_policy set enabled = false where id = ?", ops);
                    networks.update(net, TestNetworks.with(fx.spec(net), b -> b.mtu(5)));
                }))
                .isInstanceOf(InvalidInputException.class);

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void nothing_changes_says_so() {
        var diff = asAdmin(() -> jdbc.update("update access_policy set version = version + 1 where id = ?", ops));

        assertThat(diff.isEmpty()).isTrue();
        assertThat(AccessPreviewPanel.summary(diff)).isEqualTo("No device gains or loses anything.");
        assertThat(AccessPreviewPanel.lines(diff, 10)).isEmpty();
    }

    @Test
    void only_admins_preview_and_a_refused_caller_runs_nothing() {
        var ran = new AtomicBoolean();
        for (var roles : List.of(new String[] {Roles.USER}, new String[] {Roles.USER, Roles.AUDITOR, Roles.APPROVER})) {
            assertThatThrownBy(() -> fx.as(bob, () -> preview.preview(List.of(net), () -> ran.set(true)), roles))
                    .isInstanceOf(AccessDeniedException.class);
        }
        assertThat(ran).isFalse();
    }
}
