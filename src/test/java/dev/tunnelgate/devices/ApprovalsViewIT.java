package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.Eventually;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.testing.TestUsers;
import dev.tunnelgate.testing.Views;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;

/** The Approvals view: a device someone else adds meanwhile shows up by itself, and the view speaks German. */
class ApprovalsViewIT extends PortalIntegrationTest {
    @Autowired
    ApplicationContext context;

    @Autowired
    NetworkService networks;

    @Autowired
    DeviceService devices;

    @Autowired
    JdbcTemplate jdbc;

    long network;
    long approver;

    @BeforeEach
    void createNetworkAndSignInAsApprover() {
        SecurityContextHolder.getContext().setAuthentication(TestLogins.as(1, "Admin", Roles.USER, Roles.ADMIN));
        network = networks.create(TestNetworks.network(
                "approvals-" + UUID.randomUUID().toString().substring(0, 6),
                "10.94.0.0/24",
                b -> b.gatewayPublicKey(TestNetworks.newGatewayKey())));
        approver = TestUsers.insert(jdbc, "Approving User");
        Views.start(context);
        Views.signIn(TestLogins.as(approver, "Approving User", Roles.USER, Roles.APPROVER), Roles.USER, Roles.APPROVER);
    }

    @AfterEach
    void tearDown() {
        Views.stop();
    }

    @Test
    void a_device_added_meanwhile_by_someone_else_shows_up_without_a_reload() {
        UI.getCurrent().navigate(ApprovalsView.class);
        var view = LocatorJ._get(ApprovalsView.class);
        var refreshes = new AtomicInteger();
        view.grid.getDataProvider().addDataProviderListener(event -> refreshes.incrementAndGet());

        long owner = TestUsers.insert(jdbc, "Requesting User");
        var name = "Pending " + UUID.randomUUID().toString().substring(0, 4);
        TestUsers.as(
                owner,
                () -> devices.enroll(new EnrollmentRequest(name, Platform.LINUX, network, KeyOrigin.SERVER, null)));

        // The browser would get the refresh pushed; here the UI's queued work runs on each round trip.
        Eventually.await(
                Duration.ofSeconds(10),
                "the grid refreshed by the live updates",
                () -> {
                    MockVaadin.clientRoundtrip(false);
                    return refreshes.get();
                },
                count -> count > 0);
        assertThat(GridRows.names(view.grid)).contains(name);
    }

    @Test
    void the_view_speaks_german() {
        UI.getCurrent().setLocale(Locale.GERMAN);
        UI.getCurrent().navigate(ApprovalsView.class);
        var view = LocatorJ._get(ApprovalsView.class);
        assertThat(view.getPageTitle()).isEqualTo("Freigaben · Tunnelgate");
        assertThat(view.grid.getColumns().getFirst().getHeaderText()).isEqualTo("Benutzer");
    }
}
