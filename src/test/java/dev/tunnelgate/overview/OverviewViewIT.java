package dev.tunnelgate.overview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.router.Location;
import dev.tunnelgate.devices.DeviceService;
import dev.tunnelgate.devices.DeviceStatus;
import dev.tunnelgate.devices.FleetView;
import dev.tunnelgate.devices.MyDevicesView;
import dev.tunnelgate.gateways.GatewayFixture;
import dev.tunnelgate.gateways.GatewayService;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestUsers;
import dev.tunnelgate.testing.Views;
import dev.tunnelgate.ui.Formats;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;

/** The overview with real devices, gateway members and jobs: its figures count them, and each links to its list. */
class OverviewViewIT extends PortalIntegrationTest {
    private static final String[] ADMIN = {Roles.USER, Roles.ADMIN, Roles.APPROVER, Roles.AUDITOR};

    @Autowired
    ApplicationContext context;

    @Autowired
    NetworkService networks;

    @Autowired
    GatewayService gateways;

    @Autowired
    DeviceService devices;

    @Autowired
    OverviewService overview;

    @Autowired
    Scheduler scheduler;

    @Autowired
    JdbcTemplate jdbc;

    GatewayFixture fx;
    long jobGroup;

    @BeforeEach
    void setUp() {
        // No job of another test changes its status while this one counts.
        scheduler.pause();
        fx = new GatewayFixture(networks, gateways, devices, jdbc);
        jobGroup = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
        Views.start(context);
    }

    @AfterEach
    void tearDown() {
        Views.stop();
        jdbc.update("delete from gateway_job where group_id = ?", jobGroup);
        scheduler.resume();
    }

    private void signIn(String... roles) {
        Views.signIn(TestLogins.as(fx.admin, "Olga Overview", roles), roles);
    }

    private OverviewView open(String... roles) {
        signIn(roles);
        UI.getCurrent().navigate(OverviewView.class);
        return LocatorJ._get(OverviewView.class);
    }

    private void failedJob() {
        var now = Timestamp.from(Instant.now());
        jdbc.update(
                "insert into gateway_job (version, group_id, group_name, first_revision, target_revision, status, attempts,"
                        + " created_at, updated_at, finished_at) values (0, ?, ?, 2, 2, 'FAILED', 3, ?, ?, ?)",
                jobGroup,
                "overview-" + jobGroup,
                now,
                now,
                now);
    }

    @Test
    void the_figures_count_devices_members_and_jobs_and_each_links_to_its_list() {
        var before = fx.asAdmin(overview::figures);
        long network = fx.network(ApprovalMode.MANUAL, 10);
        fx.enroll(network);
        fx.enroll(network);
        long active = fx.enroll(network).id();
        fx.approve(active);
        long revoked = fx.enroll(network).id();
        fx.approve(revoked);
        fx.revoke(revoked);
        // A member that never polled: offline, and behind its group's first revision.
        fx.member(fx.group("gw.example.test:51820", 51820), "gw-" + fx.suffix);
        failedJob();

        var view = open(ADMIN);

        assertThat(view.devices.get(DeviceStatus.PENDING).count.getText())
                .isEqualTo(Formats.number(before.devices().get(DeviceStatus.PENDING) + 2));
        assertThat(view.devices.get(DeviceStatus.ACTIVE).count.getText())
                .isEqualTo(Formats.number(before.devices().get(DeviceStatus.ACTIVE) + 1));
        assertThat(view.devices.get(DeviceStatus.REVOKED).count.getText())
                .isEqualTo(Formats.number(before.devices().get(DeviceStatus.REVOKED) + 1));
        assertThat(view.devices.get(DeviceStatus.REJECTED).count.getText())
                .isEqualTo(Formats.number(before.devices().get(DeviceStatus.REJECTED)));
        assertThat(view.approvals.count.getText()).isEqualTo(Formats.number(before.pendingApprovals() + 2));
        assertThat(view.gateways.count.getText()).isEqualTo(Formats.number(before.gatewaysNeedingAttention() + 1));
        assertThat(view.gateways.detail.getText())
                .isEqualTo("%s offline, %s behind"
                        .formatted(
                                Formats.number(before.gatewaysOffline() + 1),
                                Formats.number(before.gatewaysBehind() + 1)));
        assertThat(view.failedJobs.count.getText()).isEqualTo(Formats.number(before.failedJobs() + 1));

        assertThat(view.devices.get(DeviceStatus.PENDING).link)
                .isNotNull()
                .satisfies(link -> assertThat(link.getHref()).isEqualTo("fleet?status=pending"));
        assertThat(view.devices.get(DeviceStatus.REVOKED).link)
                .isNotNull()
                .satisfies(link -> assertThat(link.getHref()).isEqualTo("fleet?status=revoked"));
        assertThat(view.approvals.link)
                .isNotNull()
                .satisfies(link -> assertThat(link.getHref()).isEqualTo("approvals"));
        assertThat(view.gateways.link)
                .isNotNull()
                .satisfies(link -> assertThat(link.getHref()).isEqualTo("gateways"));
        assertThat(view.failedJobs.link)
                .isNotNull()
                .satisfies(link -> assertThat(link.getHref()).isEqualTo("jobs"));

        var pending = new Location(view.devices.get(DeviceStatus.PENDING).link.getHref());
        UI.getCurrent().navigate(pending.getPath(), pending.getQueryParameters());
        var fleet = LocatorJ._get(FleetView.class);
        assertThat(LocatorJ._find(fleet, ComboBox.class))
                .as("the Devices view's filter")
                .anyMatch(box -> box.getValue() == DeviceStatus.PENDING);
    }

    @Test
    void an_auditor_sees_every_figure_but_links_only_to_what_an_auditor_may_open() {
        var view = open(Roles.USER, Roles.AUDITOR);

        assertThat(view.gateways.link).isNotNull();
        assertThat(view.devices.get(DeviceStatus.ACTIVE).link).isNotNull();
        assertThat(view.approvals.link).as("approvers decide approvals").isNull();
        assertThat(view.failedJobs.link).as("the Jobs view is for admins").isNull();
        assertThat(view.failedJobs.count.getText()).isNotBlank();
    }

    @Test
    void an_employee_can_neither_open_the_overview_nor_read_its_figures() {
        long bob = TestUsers.insert(jdbc, "Bob " + fx.suffix);
        Views.signIn(TestLogins.as(bob, "Bob", Roles.USER), Roles.USER);

        assertThatThrownBy(() -> UI.getCurrent().navigate(OverviewView.class));
        LocatorJ._assertNone(OverviewView.class);
        assertThatThrownBy(() -> TestUsers.as(bob, overview::figures)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void an_admin_lands_on_the_overview_and_reaches_my_devices_from_the_menu() {
        signIn(ADMIN);

        UI.getCurrent().navigate("");
        LocatorJ._get(OverviewView.class);

        UI.getCurrent().navigate(MyDevicesView.class);
        LocatorJ._get(MyDevicesView.class);
        UI.getCurrent().navigate("overview");
        UI.getCurrent().navigate("");
        LocatorJ._get(MyDevicesView.class);
    }

    @Test
    void an_employee_still_lands_on_my_devices() {
        long bob = TestUsers.insert(jdbc, "Bob " + fx.suffix);
        Views.signIn(TestLogins.as(bob, "Bob", Roles.USER), Roles.USER);

        UI.getCurrent().navigate("");

        LocatorJ._get(MyDevicesView.class);
        LocatorJ._assertNone(OverviewView.class);
    }
}
