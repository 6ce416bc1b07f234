package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.UI;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.Eventually;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.Race;
import dev.tunnelgate.testing.TestUsers;
import dev.tunnelgate.testing.Views;
import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Admins revoke one device with a reason, or many in the background; the owner sees the reason, auditors and
 * employees are refused, and a device its owner revokes meanwhile is skipped, never revoked twice.
 */
class BulkRevocationsIT extends PortalIntegrationTest {
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    @Autowired
    BulkRevocations bulk;

    @Autowired
    DeviceService devices;

    @Autowired
    DeviceFleet fleet;

    @Autowired
    NetworkService networks;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    ApplicationContext context;

    FleetFixture fx;
    long admin;
    long auditor;
    long network;
    long otherNetwork;
    long erin;
    long frank;

    @BeforeEach
    void setUp() {
        fx = new FleetFixture(jdbc);
        admin = TestUsers.insert(jdbc, "Bulk admin");
        auditor = TestUsers.insert(jdbc, "Bulk auditor");
        network = fx.network(networks, "bulk");
        otherNetwork = fx.network(networks, "bulk-other");
        erin = fx.user("Erin " + fx.suffix, null);
        frank = fx.user("Frank " + fx.suffix, null);
    }

    private <T> T asAdmin(Supplier<T> action) {
        return TestUsers.as(admin, action, Roles.USER, Roles.ADMIN, Roles.APPROVER, Roles.AUDITOR);
    }

    private String adminActor() {
        return "user %d (user:%d)".formatted(admin, admin);
    }

    private List<Long> devicesOf(long owner, long network, int count, String prefix) {
        return IntStream.range(0, count)
                .mapToObj(i -> fx.device(FleetFixture.spec(owner, network, prefix + i)))
                .toList();
    }

    private String status(long deviceId) {
        return Objects.requireNonNull(
                jdbc.queryForObject("select status from device where id = ?", String.class, deviceId));
    }

    private long revocationsAudited(long deviceId) {
        return Objects.requireNonNull(jdbc.queryForObject(
                "select count(*) from audit_event where action = 'device.revoked' and target = ?",
                Long.class,
                "device:" + deviceId));
    }

    private static BulkRevocation finished(BulkRevocation run) {
        return Eventually.await(RUN_TIMEOUT, "the bulk revocation finishes", () -> run, BulkRevocation::finished);
    }

    @Test
    void an_admin_revokes_a_device_with_a_reason_its_owner_sees_in_my_devices() {
        var laptop = fx.device(FleetFixture.spec(erin, network, "erin-laptop"));
        asAdmin(() -> {
            devices.revoke(laptop, "reported stolen");
            return null;
        });
        assertThat(status(laptop)).isEqualTo("REVOKED");
        assertThat(jdbc.queryForObject("select revoke_reason from device where id = ?", String.class, laptop))
                .isEqualTo("reported stolen");

        Views.start(context);
        try {
            Views.signIn(TestLogins.as(erin, "Erin", Roles.USER), Roles.USER);
            UI.getCurrent().navigate(MyDevicesView.class);
            var view = LocatorJ._get(MyDevicesView.class);
            assertThat(GridKt._size(view.grid))
                    .as("revoked devices are hidden at first")
                    .isZero();
            view.showEnded.setValue(true);
            assertThat(GridKt._getFormattedRow(view.grid, 0))
                    .contains("revoked by user %d: reported stolen".formatted(admin));
        } finally {
            Views.stop();
        }
    }

    @Test
    void a_reason_that_is_not_plain_text_is_refused_and_nothing_changes() {
        var laptop = fx.device(FleetFixture.spec(erin, network, "erin-laptop"));
        assertThatThrownBy(() -> asAdmin(() -> {
                    devices.revoke(laptop, "stolen\nreason=forged");
                    return null;
                }))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> asAdmin(() -> bulk.start(List.of(laptop), "a\u202Ereversed")))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> asAdmin(() -> bulk.start(List.of(laptop), "  ")))
                .isInstanceOf(InvalidInputException.class);
        assertThat(status(laptop)).isEqualTo("ACTIVE");
        assertThat(revocationsAudited(laptop)).isZero();
    }

    @Test
    void bulk_revokes_a_selection_in_the_background_and_audits_one_summary() {
        var selected = new ArrayList<>(devicesOf(erin, network, 4, "sel-"));
        var alreadyRevoked = fx.device(FleetFixture.spec(erin, network, "gone").status(DeviceStatus.REVOKED));
        selected.add(alreadyRevoked);
        var untouched = fx.device(FleetFixture.spec(erin, network, "keep"));
        var summariesBefore = summaries();

        var run = finished(asAdmin(() -> bulk.start(selected, "project ended")));

        assertThat(run.total()).isEqualTo(4);
        assertThat(run.revoked()).isEqualTo(4);
        assertThat(run.done()).isEqualTo(4);
        assertThat(run.failed()).isZero();
        for (var id : selected.subList(0, 4)) {
            assertThat(status(id)).isEqualTo("REVOKED");
            assertThat(jdbc.queryForMap("select revoked_by, revoke_reason from device where id = ?", id))
                    .containsEntry("REVOKED_BY", adminActor())
                    .containsEntry("REVOKE_REASON", "project ended");
            assertThat(revocationsAudited(id)).isEqualTo(1);
        }
        assertThat(status(untouched)).isEqualTo("ACTIVE");
        assertThat(revocationsAudited(alreadyRevoked)).isZero();
        assertThat(summaries()).isEqualTo(summariesBefore + 1);
    }

    private long summaries() {
        return Objects.requireNonNull(jdbc.queryForObject(
                "select count(*) from audit_event where action = 'device.bulk-revoked' and actor = ?",
                Long.class,
                adminActor()));
    }

    @Test
    void bulk_revokes_everything_a_filter_matches_in_chunks() {
        var matching = devicesOf(erin, network, BulkRevocations.CHUNK * 2 + 17, "f-");
        var pending = fx.device(FleetFixture.spec(frank, network, "pending").status(DeviceStatus.PENDING));
        var elsewhere = devicesOf(erin, otherNetwork, 3, "other-");
        var filter = new FleetFilter(null, network, null, null, null);
        assertThat(asAdmin(() -> fleet.revocableCount(filter))).isEqualTo(matching.size() + 1);

        var run = finished(asAdmin(() -> bulk.start(filter, "network retired")));

        assertThat(run.total()).isEqualTo(matching.size() + 1);
        assertThat(run.revoked()).isEqualTo(matching.size() + 1);
        assertThat(run.failed()).isZero();
        assertThat(jdbc.queryForObject(
                        "select count(*) from device where network_id = ? and status = 'REVOKED'"
                                + " and revoke_reason = 'network retired'",
                        Long.class,
                        network))
                .isEqualTo(matching.size() + 1L);
        assertThat(status(pending)).isEqualTo("REVOKED");
        elsewhere.forEach(id -> assertThat(status(id)).isEqualTo("ACTIVE"));
        assertThat(asAdmin(() -> fleet.revocableCount(filter))).isZero();
    }

    @Test
    void a_device_its_owner_revokes_after_the_bulk_was_started_is_skipped_not_revoked_twice() throws Exception {
        var ids = devicesOf(erin, network, 5, "skip-");
        var ownersPick = ids.get(2);
        var pool = Executors.newSingleThreadExecutor();
        try {
            // The bulk resolves its devices in this transaction; the owner revokes one before it commits and the
            // background run begins.
            var run = new TransactionTemplate(transactions).execute(status -> {
                var started = asAdmin(() -> bulk.start(new FleetFilter(null, network, null, null, null), "cleanup"));
                try {
                    pool.submit(() -> TestUsers.as(
                                    erin,
                                    () -> {
                                        devices.revoke(ownersPick, "mine, I lost it");
                                        return null;
                                    },
                                    Roles.USER))
                            .get();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                return started;
            });
            finished(Objects.requireNonNull(run));
            assertThat(run.total()).isEqualTo(5);
            assertThat(run.revoked()).isEqualTo(4);
            assertThat(run.skipped()).isEqualTo(1);
            assertThat(run.failed()).isZero();
            assertThat(jdbc.queryForObject("select revoke_reason from device where id = ?", String.class, ownersPick))
                    .isEqualTo("mine, I lost it");
            ids.forEach(id -> assertThat(revocationsAudited(id)).isEqualTo(1));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void an_owner_racing_a_bulk_revocation_leaves_each_device_revoked_exactly_once() {
        var ids = devicesOf(erin, network, BulkRevocations.CHUNK + 50, "race-");
        var ownersPick = ids.get(BulkRevocations.CHUNK + 10);
        var outcomes = Race.run(List.<Callable<Object>>of(
                () -> asAdmin(() -> bulk.start(new FleetFilter(null, network, null, null, null), "sweep")),
                () -> TestUsers.as(
                        erin,
                        () -> {
                            devices.revoke(ownersPick, "owner was first");
                            return "owner";
                        },
                        Roles.USER)));
        var run = (BulkRevocation) Objects.requireNonNull(outcomes.get(0).value());
        finished(run);
        var owner = outcomes.get(1);
        assertThat(run.failed()).isZero();
        assertThat(run.done()).isEqualTo(run.total());
        var reason = jdbc.queryForObject("select revoke_reason from device where id = ?", String.class, ownersPick);
        if (owner.error() == null) {
            // The owner won: either before the bulk resolved its devices (not counted) or before it got there
            // (skipped).
            assertThat(reason).isEqualTo("owner was first");
            assertThat(run.total() - run.revoked()).isEqualTo(run.skipped());
            assertThat(run.total() + (run.skipped() == 0 ? 1 : 0)).isEqualTo(ids.size());
        } else {
            assertThat(owner.error()).isInstanceOf(ConflictException.class);
            assertThat(reason).isEqualTo("sweep");
            assertThat(run.skipped()).isZero();
        }
        ids.forEach(id -> {
            assertThat(status(id)).isEqualTo("REVOKED");
            assertThat(revocationsAudited(id)).isEqualTo(1);
        });
    }

    @Test
    void auditors_and_employees_cannot_revoke_and_nothing_changes() {
        var laptop = fx.device(FleetFixture.spec(erin, network, "erin-laptop"));
        var filter = new FleetFilter(null, network, null, null, null);
        assertThatThrownBy(
                        () -> TestUsers.as(auditor, () -> bulk.start(List.of(laptop), "no"), Roles.USER, Roles.AUDITOR))
                .isInstanceOf(AuthorizationDeniedException.class);
        assertThatThrownBy(() -> TestUsers.as(auditor, () -> bulk.start(filter, "no"), Roles.USER, Roles.AUDITOR))
                .isInstanceOf(AuthorizationDeniedException.class);
        assertThatThrownBy(() -> TestUsers.as(frank, () -> bulk.start(filter, "no"), Roles.USER))
                .isInstanceOf(AuthorizationDeniedException.class);
        // Another user's device is "not found" for anyone but an admin.
        assertThatThrownBy(() -> TestUsers.as(
                        auditor,
                        () -> {
                            devices.revoke(laptop, "no");
                            return null;
                        },
                        Roles.USER,
                        Roles.AUDITOR))
                .isInstanceOf(DeviceNotFoundException.class);
        assertThat(status(laptop)).isEqualTo("ACTIVE");
        assertThat(revocationsAudited(laptop)).isZero();
    }
}
