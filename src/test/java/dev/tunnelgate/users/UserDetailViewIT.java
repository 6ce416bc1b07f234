package dev.tunnelgate.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.github.mvysny.kaributesting.v10.NotFoundError;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Anchor;
import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditEvent;
import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.audit.AuditTarget;
import dev.tunnelgate.devices.DeviceRow;
import dev.tunnelgate.devices.DeviceService;
import dev.tunnelgate.devices.DeviceStatus;
import dev.tunnelgate.devices.EnrollmentRequest;
import dev.tunnelgate.devices.KeyOrigin;
import dev.tunnelgate.devices.Offboarding;
import dev.tunnelgate.devices.Platform;
import dev.tunnelgate.errors.NotFoundView;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.identity.UserRow;
import dev.tunnelgate.identity.UsersView;
import dev.tunnelgate.keys.WgKeyPair;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.testing.TestUsers;
import dev.tunnelgate.testing.Views;
import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;

/** The user detail as admins and auditors use it, server-side (Karibu), with the real services behind it. */
class UserDetailViewIT extends PortalIntegrationTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Autowired
    ApplicationContext context;

    @Autowired
    NetworkService networks;

    @Autowired
    DeviceService devices;

    @Autowired
    Offboarding offboarding;

    @Autowired
    AuditLog audit;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcTemplate jdbc;

    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    long admin;
    long leaver;
    UserDetailView view;

    @BeforeEach
    void aUserWithTwoDevicesAndASignIn() {
        admin = TestUsers.insert(jdbc, "Detail admin " + suffix);
        leaver = TestUsers.insert(jdbc, "Detail leaver " + suffix);
        long network = TestUsers.as(
                admin,
                () -> networks.create(TestNetworks.network(
                        "detail-" + suffix,
                        "10.96.0.0/24",
                        b -> b.approvalMode(ApprovalMode.AUTOMATIC).devicesPerUser(5))),
                Roles.USER,
                Roles.ADMIN);
        for (var name : List.of("Phone", "Laptop")) {
            var key = WgKeyPair.generate(RANDOM).publicKey().toBase64();
            TestUsers.as(
                    leaver,
                    () -> devices.enroll(new EnrollmentRequest(name, Platform.LINUX, network, KeyOrigin.USER, key)));
        }
        tx.executeWithoutResult(s -> audit.record(
                "Detail leaver " + suffix, AuditAction.USER_SIGNED_IN, AuditTarget.user(leaver), "roles=[USER]"));
        Views.start(context);
    }

    @AfterEach
    void tearDown() {
        Views.stop();
        SecurityContextHolder.clearContext();
    }

    private void open(String... roles) {
        Views.signIn(TestLogins.as(admin, "Detail admin " + suffix, roles), roles);
        UI.getCurrent().navigate("users/" + leaver);
        view = LocatorJ._get(UserDetailView.class);
    }

    private static <T> List<T> rows(com.vaadin.flow.component.grid.Grid<T> grid) {
        return IntStream.range(0, GridKt._size(grid))
                .mapToObj(i -> GridKt._get(grid, i))
                .toList();
    }

    @Test
    void an_admin_offboards_after_a_confirmation_that_counts_the_devices_and_restores_again() {
        open(Roles.USER, Roles.ADMIN);
        assertThat(view.title.getText()).isEqualTo("Detail leaver " + suffix);
        assertThat(view.status.getText()).isEqualTo("active");
        assertThat(rows(view.devices)).extracting(DeviceRow::name).containsExactlyInAnyOrder("Phone", "Laptop");
        assertThat(rows(view.signIns)).extracting(AuditEvent::action).containsExactly("user.signed-in");
        // What the user did (enrolled) and what happened to the account; the policy's approvals are the devices'.
        assertThat(rows(view.trail))
                .extracting(AuditEvent::action)
                .containsExactlyInAnyOrder("user.signed-in", "device.created", "device.created");
        assertThat(view.offboard.isVisible()).isTrue();
        assertThat(view.restore.isVisible()).isFalse();

        LocatorJ._click(view.offboard);
        var confirm = LocatorJ._get(ConfirmDialog.class);
        assertThat(ConfirmDialogKt._getText(confirm)).contains("revokes 2 devices");
        ConfirmDialogKt._fireConfirm(confirm);

        assertThat(view.status.getText()).isEqualTo("offboarded");
        assertThat(view.offboard.isVisible()).isFalse();
        assertThat(view.restore.isVisible()).isTrue();
        assertThat(rows(view.devices)).extracting(DeviceRow::status).containsOnly(DeviceStatus.REVOKED);
        assertThat(rows(view.trail)).extracting(AuditEvent::action).contains("user.offboarded");

        LocatorJ._click(view.restore);
        ConfirmDialogKt._fireConfirm(LocatorJ._get(ConfirmDialog.class, spec -> spec.withId("restore-dialog")));

        assertThat(view.status.getText()).isEqualTo("active");
        assertThat(view.offboard.isVisible()).isTrue();
        assertThat(rows(view.devices)).extracting(DeviceRow::status).containsOnly(DeviceStatus.REVOKED);
    }

    @Test
    void an_auditor_reads_the_detail_but_gets_no_buttons() {
        open(Roles.USER, Roles.AUDITOR);

        assertThat(view.title.getText()).isEqualTo("Detail leaver " + suffix);
        assertThat(rows(view.devices)).hasSize(2);
        assertThat(view.offboard.isVisible()).isFalse();
        assertThat(view.restore.isVisible()).isFalse();
    }

    @Test
    void the_users_list_links_to_the_detail_and_marks_offboarded_users() {
        TestUsers.as(admin, () -> offboarding.offboard(leaver), Roles.USER, Roles.ADMIN);
        Views.signIn(TestLogins.as(admin, "Admin", Roles.USER, Roles.ADMIN), Roles.USER, Roles.ADMIN);
        UI.getCurrent().navigate(UsersView.class);
        @SuppressWarnings("unchecked")
        com.vaadin.flow.component.grid.Grid<UserRow> grid = LocatorJ._get(com.vaadin.flow.component.grid.Grid.class);

        var ids = rows(grid).stream().map(UserRow::id).toList();
        var leaverCell = GridKt._getCellComponent(grid, ids.indexOf(leaver), "name");
        var adminCell = GridKt._getCellComponent(grid, ids.indexOf(admin), "name");

        assertThat(leaverCell.getElement().getTextRecursively()).contains("offboarded");
        assertThat(LocatorJ._get(leaverCell, Anchor.class).getHref()).isEqualTo("users/" + leaver);
        assertThat(adminCell.getElement().getTextRecursively()).doesNotContain("offboarded");
    }

    @Test
    void an_unknown_or_malformed_user_id_opens_the_not_found_page() {
        Views.signIn(TestLogins.as(admin, "Admin", Roles.USER, Roles.ADMIN), Roles.USER, Roles.ADMIN);
        UI.getCurrent().navigate("users/999999999999");
        LocatorJ._get(NotFoundView.class);
        LocatorJ._assertNone(UserDetailView.class);
        // Ids the route's pattern does not match reach no view at all.
        for (var path : List.of("users/-1", "users/1x", "users/9999999999999999999")) {
            UI.getCurrent().navigate(UsersView.class);
            try {
                UI.getCurrent().navigate(path);
            } catch (NotFoundError expected) {
                // Karibu's not-found page
            }
            LocatorJ._assertNone(UserDetailView.class);
        }
    }
}
