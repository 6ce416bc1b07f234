package dev.tunnelgate.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.devices.DeviceField;
import dev.tunnelgate.devices.DeviceStatus;
import dev.tunnelgate.devices.EnrollmentRequest;
import dev.tunnelgate.devices.KeyOrigin;
import dev.tunnelgate.devices.Platform;
import dev.tunnelgate.gateways.GatewayIntegrationTest;
import dev.tunnelgate.keys.WgKeyPair;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.LifecycleSpec;
import dev.tunnelgate.testing.Race;
import dev.tunnelgate.testing.TestClock;
import dev.tunnelgate.text.InvalidInputException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/** Devices expire and go stale by policy, without anyone's click, and through the same path as every revocation. */
class DeviceLifecycleIT extends GatewayIntegrationTest {
    @Autowired
    Housekeeping housekeeping;

    @Autowired
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private long network(LifecycleSpec rules) {
        long network = fixture.network(ApprovalMode.AUTOMATIC, 10);
        fixture.asAdmin(() -> networks.updateLifecycle(network, rules));
        return network;
    }

    private long enroll(long network, Integer expiresInDays) {
        var key = WgKeyPair.generate(fixture.RANDOM).publicKey().toBase64();
        return fixture.as(
                        fixture.owner,
                        () -> devices.enroll(new EnrollmentRequest(
                                "dev-" + UUID.randomUUID().toString().substring(0, 8),
                                Platform.LINUX,
                                network,
                                KeyOrigin.USER,
                                key,
                                expiresInDays)))
                .device()
                .id();
    }

    private Instant expiresAt(long device) {
        return Objects.requireNonNull(
                        jdbc.queryForObject("select expires_at from device where id = ?", Timestamp.class, device))
                .toInstant();
    }

    private String status(long device) {
        return jdbc.queryForObject("select status from device where id = ?", String.class, device);
    }

    private int revocationsAudited(long device) {
        return Objects.requireNonNull(jdbc.queryForObject(
                "select count(*) from audit_event where action = 'device.revoked' and target = ?",
                Integer.class,
                "device:" + device));
    }

    @Test
    void a_device_expires_after_the_networks_days_or_sooner_if_its_owner_chose_and_policy_revokes_it_then() {
        long network = network(new LifecycleSpec(30, null, null, null));
        var before = clock.instant();
        long byNetwork = enroll(network, null);
        long chosen = enroll(network, 7);
        assertThat(expiresAt(byNetwork))
                .isBetween(before.plus(Duration.ofDays(30)), clock.instant().plus(Duration.ofDays(30)));
        assertThat(expiresAt(chosen))
                .isBetween(before.plus(Duration.ofDays(7)), clock.instant().plus(Duration.ofDays(7)));
        var group = fixture.group("vpn.example.test:51820", 51820, network);
        long revision = gatewayRevision(group);

        assertThat(housekeeping.applyLifecycle(clock.instant().plus(Duration.ofDays(6))))
                .isZero();
        assertThat(status(chosen)).isEqualTo("ACTIVE");

        housekeeping.applyLifecycle(clock.instant().plus(Duration.ofDays(8)));
        assertThat(status(chosen)).isEqualTo("REVOKED");
        assertThat(status(byNetwork)).isEqualTo("ACTIVE");
        assertThat(jdbc.queryForMap("select revoked_by, revoke_reason from device where id = ?", chosen))
                .containsEntry("REVOKED_BY", "policy")
                .containsEntry("REVOKE_REASON", "expired");
        assertThat(jdbc.queryForObject(
                        "select count(*) from audit_event where action = 'device.revoked' and actor = 'policy'"
                                + " and target = ? and details like '%reason=expired%'",
                        Integer.class, "device:" + chosen))
                .isEqualTo(1);
        // The gateways follow: the revoked key's removal is a change of the group's desired state.
        assertThat(gatewayRevision(group)).isGreaterThan(revision);
        assertThat(jdbc.queryForObject(
                        "select count(*) from gateway_change where group_id = ? and public_key = ?",
                        Integer.class,
                        group,
                        jdbc.queryForObject("select public_key from device where id = ?", String.class, chosen)))
                .isPositive();

        housekeeping.applyLifecycle(clock.instant().plus(Duration.ofDays(31)));
        assertThat(status(byNetwork)).isEqualTo("REVOKED");
    }

    private long gatewayRevision(long group) {
        return Objects.requireNonNull(
                jdbc.queryForObject("select revision from gateway_group where id = ?", Long.class, group));
    }

    @Test
    void without_an_expiry_rule_a_device_never_expires_unless_its_owner_chose_a_number_of_days() {
        long network = network(new LifecycleSpec(null, null, null, null));
        long never = enroll(network, null);
        long chosen = enroll(network, 3650);
        assertThat(jdbc.queryForObject("select expires_at from device where id = ?", Timestamp.class, never))
                .isNull();
        assertThat(expiresAt(chosen)).isAfter(clock.instant().plus(Duration.ofDays(3649)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 31, 3651, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void an_expiry_outside_one_to_the_networks_days_is_refused_on_its_field_and_nothing_is_stored(int days) {
        long network = network(new LifecycleSpec(30, null, null, null));
        int devicesBefore = count("select count(*) from device where network_id = " + network);
        int auditBefore = count("select count(*) from audit_event");
        assertThatThrownBy(() -> enroll(network, days))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(DeviceField.EXPIRY));
        assertThat(count("select count(*) from device where network_id = " + network))
                .isEqualTo(devicesBefore);
        assertThat(count("select count(*) from audit_event")).isEqualTo(auditBefore);
    }

    private int count(String sql) {
        return Objects.requireNonNull(jdbc.queryForObject(sql, Integer.class));
    }

    @Test
    void
            active_devices_no_gateway_saw_for_the_networks_days_are_revoked_and_a_device_never_seen_counts_from_approval() {
        long network = network(new LifecycleSpec(null, 10, null, null));
        long quiet = enroll(network, null);
        long recent = enroll(network, null);
        long neverSeen = enroll(network, null);
        var now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        jdbc.update(
                "update device set last_handshake_at = ?, last_handshake_member = 'gw-a' where id = ?",
                Timestamp.from(now.minus(Duration.ofDays(11))),
                quiet);
        jdbc.update(
                "update device set last_handshake_at = ?, last_handshake_member = 'gw-a' where id = ?",
                Timestamp.from(now.minus(Duration.ofDays(1))),
                recent);
        long pendingNetwork = fixture.network(ApprovalMode.MANUAL, 10);
        fixture.asAdmin(() -> networks.updateLifecycle(pendingNetwork, new LifecycleSpec(null, 10, null, null)));
        long pending = enroll(pendingNetwork, null);
        jdbc.update(
                "update device set created_at = ? where id = ?",
                Timestamp.from(now.minus(Duration.ofDays(20))),
                pending);

        housekeeping.applyLifecycle(now);
        assertThat(status(quiet)).isEqualTo("REVOKED");
        assertThat(jdbc.queryForObject("select revoke_reason from device where id = ?", String.class, quiet))
                .isEqualTo("no handshake for 10 days");
        assertThat(List.of(status(recent), status(neverSeen))).containsOnly("ACTIVE");
        assertThat(status(pending)).isEqualTo("PENDING");

        var later = now.plus(Duration.ofDays(10)).plus(Duration.ofHours(1));
        // Meanwhile a gateway saw "recent" again; nobody ever saw "neverSeen", approved at enrollment.
        jdbc.update(
                "update device set last_handshake_at = ? where id = ?",
                Timestamp.from(later.minus(Duration.ofMinutes(2))),
                recent);
        housekeeping.applyLifecycle(later);
        assertThat(status(neverSeen)).isEqualTo("REVOKED");
        assertThat(status(recent)).isEqualTo("ACTIVE");
        assertThat(status(pending)).isEqualTo("PENDING");
    }

    @Test
    void the_test_clock_moves_the_portals_notion_of_now_so_the_scheduled_rules_follow_it() {
        long network = network(new LifecycleSpec(2, null, null, null));
        long device = enroll(network, null);
        clock.advance(Duration.ofDays(3));
        housekeeping.applyLifecycle(clock.instant());
        assertThat(status(device)).isEqualTo("REVOKED");
    }

    @Test
    void an_owner_revoking_while_policy_expires_the_device_revokes_it_once() {
        long network = network(new LifecycleSpec(1, null, null, null));
        var devicesToRace = List.of(enroll(network, null), enroll(network, null), enroll(network, null));
        for (long device : devicesToRace) {
            var later = clock.instant().plus(Duration.ofDays(2));
            List<Callable<Object>> actions = List.of(
                    () -> housekeeping.applyLifecycle(later),
                    () -> fixture.as(fixture.owner, () -> {
                        devices.revoke(device);
                        return "owner";
                    }));
            var outcomes = Race.run(actions);
            assertThat(status(device)).isEqualTo(DeviceStatus.REVOKED.name());
            assertThat(revocationsAudited(device)).isEqualTo(1);
            // The owner either won or was told the device is revoked already; nothing else went wrong.
            assertThat(outcomes.get(0).succeeded()).isTrue();
            if (!outcomes.get(1).succeeded()) {
                assertThat(outcomes.get(1).error()).hasMessageContaining("revoked already");
            }
        }
    }
}
