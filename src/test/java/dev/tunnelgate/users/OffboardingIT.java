package dev.tunnelgate.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.devices.DeviceService;
import dev.tunnelgate.devices.DeviceStatus;
import dev.tunnelgate.devices.Enrollment;
import dev.tunnelgate.devices.EnrollmentRequest;
import dev.tunnelgate.devices.KeyOrigin;
import dev.tunnelgate.devices.Offboarding;
import dev.tunnelgate.devices.Platform;
import dev.tunnelgate.gateways.GatewayService;
import dev.tunnelgate.gateways.GroupSpec;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.UserDirectory;
import dev.tunnelgate.identity.UserNotFoundException;
import dev.tunnelgate.keys.WgKeyPair;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.Race;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.testing.TestUsers;
import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.InvalidInputException;
import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Offboarding a leaver and restoring the account, through the services as the user detail calls them: every device
 * revoked at once with the gateway change staged, enrollment refused until restored, the race with an enrollment,
 * and who may do it. Runs on H2 and on PostgreSQL.
 */
class OffboardingIT extends PortalIntegrationTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Autowired
    Offboarding offboarding;

    @Autowired
    UserDirectory directory;

    @Autowired
    DeviceService devices;

    @Autowired
    NetworkService networks;

    @Autowired
    GatewayService gateways;

    @Autowired
    JdbcTemplate jdbc;

    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    long admin;
    long owner;
    long automatic;
    long manual;
    long group;

    @BeforeEach
    void setUp() {
        admin = TestUsers.insert(jdbc, "Offboarding admin " + suffix);
        owner = TestUsers.insert(jdbc, "Leaver " + suffix);
        automatic = network(ApprovalMode.AUTOMATIC);
        manual = network(ApprovalMode.MANUAL);
        group = asAdmin(() -> gateways.createGroup(
                new GroupSpec("offboarding-" + suffix, "vpn.example.test:51820", 51820, List.of(automatic), null)));
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    private long network(ApprovalMode approval) {
        int n = ThreadLocalRandom.current().nextInt(100, 200);
        var spec = TestNetworks.network(
                "off-" + approval.name().toLowerCase(java.util.Locale.ROOT) + "-" + suffix,
                "10.%d.0.0/16".formatted(n),
                b -> b.gatewayAddresses("10.%d.0.1".formatted(n))
                        .endpoint("vpn.example.test:51820")
                        .split("10.%d.0.0/16".formatted(n))
                        .approvalMode(approval)
                        .devicesPerUser(10));
        return asAdmin(() -> networks.create(spec));
    }

    private <T> T asAdmin(Supplier<T> action) {
        return TestUsers.as(admin, action, Roles.USER, Roles.ADMIN, Roles.APPROVER, Roles.AUDITOR);
    }

    private static <T> T as(long userId, Supplier<T> action, String... roles) {
        return TestUsers.as(userId, action, roles);
    }

    private Enrollment enroll(long userId, long network) {
        var key = WgKeyPair.generate(RANDOM).publicKey().toBase64();
        return as(
                userId,
                () -> devices.enroll(new EnrollmentRequest(
                        "dev-" + UUID.randomUUID().toString().substring(0, 8),
                        Platform.LINUX,
                        network,
                        KeyOrigin.USER,
                        key)));
    }

    private String status(long deviceId) {
        return jdbc.queryForObject("select status from device where id = ?", String.class, deviceId);
    }

    private int count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Integer.class, args);
    }

    private int connectable(long userId) {
        return count("select count(*) from device where owner_id = ? and status in ('PENDING', 'ACTIVE')", userId);
    }

    private int audited(String action, long userId) {
        return count("select count(*) from audit_event where action = ? and target = ?", action, "user:" + userId);
    }

    private boolean offboarded(long userId) {
        return jdbc.queryForObject("select offboarded_at from app_user where id = ?", java.sql.Timestamp.class, userId)
                != null;
    }

    private long revision() {
        return jdbc.queryForObject("select revision from gateway_group where id = ?", Long.class, group);
    }

    @Test
    void offboarding_revokes_every_pending_and_active_device_at_once_and_stages_the_gateway_change() {
        var first = enroll(owner, automatic);
        var second = enroll(owner, automatic);
        var pending = enroll(owner, manual);
        var kept = enroll(admin, automatic);
        assertThat(List.of(
                        status(first.device().id()),
                        status(second.device().id()),
                        status(pending.device().id())))
                .containsExactly("ACTIVE", "ACTIVE", "PENDING");
        long before = revision();

        assertThat(asAdmin(() -> offboarding.devicesToRevoke(owner))).isEqualTo(3);
        int revoked = asAdmin(() -> offboarding.offboard(owner));

        assertThat(revoked).isEqualTo(3);
        for (var device : List.of(first, second, pending)) {
            var row = jdbc.queryForMap(
                    "select status, revoke_reason, revoked_by from device where id = ?",
                    device.device().id());
            assertThat(row.get("status")).isEqualTo("REVOKED");
            assertThat(row.get("revoke_reason")).isEqualTo("offboarded");
            assertThat((String) row.get("revoked_by")).endsWith("(user:" + admin + ")");
            assertThat(count(
                            "select count(*) from audit_event where action = 'device.revoked' and target = ?"
                                    + " and details like '%reason=offboarded%'",
                            "device:" + device.device().id()))
                    .isEqualTo(1);
        }
        assertThat(status(kept.device().id())).as("another user's device").isEqualTo("ACTIVE");
        // The two active peers leave the gateway group in the offboarding's transaction; the pending one never joined.
        assertThat(revision()).isGreaterThan(before);
        assertThat(jdbc.queryForList(
                        "select public_key from gateway_change where group_id = ? and revision > ?",
                        String.class,
                        group,
                        before))
                .containsExactlyInAnyOrder(
                        first.device().publicKey(), second.device().publicKey());
        assertThat(count(
                        "select count(*) from address_lease where holder in (?, ?, ?) and released_at is null",
                        "device:" + first.device().id(),
                        "device:" + second.device().id(),
                        "device:" + pending.device().id()))
                .isZero();
        assertThat(offboarded(owner)).isTrue();
        assertThat(jdbc.queryForObject("select offboarded_by from app_user where id = ?", String.class, owner))
                .endsWith("(user:" + admin + ")");
        assertThat(jdbc.queryForObject(
                        "select details from audit_event where action = 'user.offboarded' and target = ?",
                        String.class,
                        "user:" + owner))
                .contains("devicesRevoked=3");
    }

    @Test
    void an_offboarded_user_can_neither_enroll_nor_rename_nor_download_a_config_and_nothing_changes() {
        long device = enroll(owner, automatic).device().id();
        asAdmin(() -> offboarding.offboard(owner));
        int devicesBefore = count("select count(*) from device where owner_id = ?", owner);
        var name = jdbc.queryForObject("select name from device where id = ?", String.class, device);

        assertThatThrownBy(() -> enroll(owner, automatic))
                .isInstanceOf(ConflictException.class)
                .hasMessage(UserDirectory.OFFBOARDED);
        assertThatThrownBy(() -> as(owner, () -> {
                    devices.rename(device, "renamed");
                    return null;
                }))
                .isInstanceOf(ConflictException.class)
                .hasMessage(UserDirectory.OFFBOARDED);
        assertThatThrownBy(() -> as(owner, () -> devices.config(device)))
                .isInstanceOf(ConflictException.class)
                .hasMessage(UserDirectory.OFFBOARDED);

        assertThat(count("select count(*) from device where owner_id = ?", owner))
                .isEqualTo(devicesBefore);
        assertThat(jdbc.queryForObject("select name from device where id = ?", String.class, device))
                .isEqualTo(name);
    }

    @Test
    void restoring_lets_the_user_enroll_again_but_revoked_devices_stay_revoked() {
        long old = enroll(owner, automatic).device().id();
        asAdmin(() -> offboarding.offboard(owner));

        asAdmin(() -> {
            directory.restore(owner);
            return null;
        });

        assertThat(offboarded(owner)).isFalse();
        assertThat(jdbc.queryForObject("select offboarded_by from app_user where id = ?", String.class, owner))
                .isNull();
        assertThat(audited("user.restored", owner)).isEqualTo(1);
        assertThat(status(old)).isEqualTo("REVOKED");
        var fresh = enroll(owner, automatic);
        assertThat(fresh.device().status()).isEqualTo(DeviceStatus.ACTIVE);
        assertThat(status(old)).isEqualTo("REVOKED");
        assertThat(connectable(owner)).isEqualTo(1);
    }

    @Test
    void an_enrollment_racing_an_offboarding_is_refused_or_revoked_and_never_left_connectable() {
        int refused = 0;
        int revoked = 0;
        for (int round = 0; round < 6; round++) {
            long leaver = TestUsers.insert(jdbc, "Racing leaver " + round + " " + suffix);
            enroll(leaver, automatic);
            long network = round % 2 == 0 ? automatic : manual;
            var key = WgKeyPair.generate(RANDOM).publicKey().toBase64();
            List<Callable<Object>> racers = List.of(
                    () -> as(
                            leaver,
                            () -> devices.enroll(
                                    new EnrollmentRequest("racing", Platform.LINUX, network, KeyOrigin.USER, key))),
                    () -> asAdmin(() -> offboarding.offboard(leaver)));

            var outcomes = Race.run(racers);

            assertThat(outcomes.get(1).succeeded())
                    .as("the offboarding: %s", outcomes)
                    .isTrue();
            var enrollment = outcomes.getFirst();
            if (enrollment.succeeded()) {
                // It came first: the offboarding found it and revoked it with the other device.
                assertThat(outcomes.get(1).value()).isEqualTo(2);
                revoked++;
            } else {
                assertThat(enrollment.error())
                        .isInstanceOf(ConflictException.class)
                        .hasMessage(UserDirectory.OFFBOARDED);
                assertThat(count("select count(*) from device where public_key = ?", key))
                        .isZero();
                refused++;
            }
            assertThat(connectable(leaver)).as("round %d: %s", round, outcomes).isZero();
        }
        assertThat(refused + revoked).isEqualTo(6);
    }

    @Test
    void approvers_auditors_and_the_user_himself_may_neither_offboard_nor_restore() {
        long device = enroll(owner, automatic).device().id();
        long approver = TestUsers.insert(jdbc, "Approver " + suffix);
        long auditor = TestUsers.insert(jdbc, "Auditor " + suffix);
        List<Supplier<Object>> attempts =
                List.of(() -> offboarding.offboard(owner), () -> offboarding.devicesToRevoke(owner), () -> {
                    directory.restore(owner);
                    return null;
                });

        for (var attempt : attempts) {
            assertThatThrownBy(() -> as(approver, attempt, Roles.USER, Roles.APPROVER))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> as(auditor, attempt, Roles.USER, Roles.AUDITOR))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> as(owner, attempt, Roles.USER)).isInstanceOf(AccessDeniedException.class);
        }

        assertThat(offboarded(owner)).isFalse();
        assertThat(status(device)).isEqualTo("ACTIVE");
        assertThat(audited("user.offboarded", owner)).isZero();
        // Auditors read the user detail; plain users do not.
        assertThat(as(auditor, () -> directory.profile(owner), Roles.USER, Roles.AUDITOR)
                        .displayName())
                .isEqualTo("Leaver " + suffix);
        assertThat(as(auditor, () -> devices.ofUser(owner, PageRequest.of(0, 10)), Roles.USER, Roles.AUDITOR)
                        .getContent())
                .extracting(r -> r.id())
                .containsExactly(device);
        assertThatThrownBy(() -> as(owner, () -> directory.profile(owner), Roles.USER))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as(owner, () -> devices.ofUser(owner, PageRequest.of(0, 10)), Roles.USER))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void unknown_users_repeats_and_self_offboarding_are_refused_clearly_and_change_nothing() {
        long device = enroll(owner, automatic).device().id();

        for (long unknown : new long[] {Long.MAX_VALUE, -1, 0}) {
            assertThatThrownBy(() -> asAdmin(() -> offboarding.offboard(unknown)))
                    .isInstanceOf(UserNotFoundException.class)
                    .hasMessage("No user " + unknown);
            assertThatThrownBy(() -> asAdmin(() -> {
                        directory.restore(unknown);
                        return null;
                    }))
                    .isInstanceOf(UserNotFoundException.class);
        }
        assertThatThrownBy(() -> asAdmin(() -> {
                    directory.restore(owner);
                    return null;
                }))
                .isInstanceOf(ConflictException.class)
                .hasMessage("Leaver %s is not offboarded".formatted(suffix));
        assertThatThrownBy(() -> asAdmin(() -> offboarding.offboard(admin)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Nobody offboards their own account");
        assertThat(offboarded(admin)).isFalse();
        assertThat(audited("user.restored", owner)).isZero();

        asAdmin(() -> offboarding.offboard(owner));
        assertThatThrownBy(() -> asAdmin(() -> offboarding.offboard(owner)))
                .isInstanceOf(ConflictException.class)
                .hasMessage("Leaver %s is offboarded already".formatted(suffix));

        assertThat(audited("user.offboarded", owner)).isEqualTo(1);
        assertThat(status(device)).isEqualTo("REVOKED");
        assertThat(count(
                        "select count(*) from audit_event where action = 'device.revoked' and target = ?",
                        "device:" + device))
                .isEqualTo(1);
    }
}
