package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Span;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.PolicyRows;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.testing.TestUsers;
import dev.tunnelgate.testing.Views;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;

/** "My devices" marks a config whose AllowedIPs changed with the device's access, until the new one is downloaded. */
class MyDevicesOutdatedConfigIT extends PortalIntegrationTest {
    @Autowired
    ApplicationContext context;

    @Autowired
    NetworkService networks;

    @Autowired
    DeviceService devices;

    @Autowired
    JdbcTemplate jdbc;

    MyDevicesView view;
    long network;
    long userId;
    long laptop;

    @BeforeEach
    void enrollADeviceInASplitTunnelAndOpenTheView() {
        SecurityContextHolder.getContext().setAuthentication(TestLogins.as(1, "Admin", Roles.USER, Roles.ADMIN));
        network = networks.create(TestNetworks.network(
                "split-" + UUID.randomUUID().toString().substring(0, 6),
                "10.96.0.0/24",
                b -> b.gatewayAddresses("10.96.0.1")
                        .split("10.0.0.0/8")
                        .approvalMode(ApprovalMode.AUTOMATIC)
                        .gatewayPublicKey(TestNetworks.newGatewayKey())));
        userId = TestUsers.insert(jdbc, "Split User");

        Views.start(context);
        Views.signIn(TestLogins.as(userId, "Split User", Roles.USER), Roles.USER);
        laptop = devices.enroll(new EnrollmentRequest("Laptop", Platform.LINUX, network, KeyOrigin.SERVER, null))
                .device()
                .id();
        UI.getCurrent().navigate(MyDevicesView.class);
        view = LocatorJ._get(MyDevicesView.class);
    }

    @AfterEach
    void tearDown() {
        Views.stop();
    }

    private Component actions() {
        view.grid.getDataProvider().refreshAll();
        return GridKt._getCellComponent(view.grid, 0, "actions");
    }

    private static List<String> texts(Component parent, Class<? extends Component> type) {
        return LocatorJ._find(parent, type).stream()
                .map(c -> c.getElement().getText())
                .toList();
    }

    @Test
    void a_grant_change_marks_the_config_outdated_and_the_new_download_clears_the_mark() {
        assertThat(texts(actions(), Span.class)).doesNotContain("config outdated");
        assertThat(texts(actions(), Anchor.class)).containsExactly("Config");

        var rows = new PolicyRows(jdbc);
        long web = rows.destination("TCP", "443", "192.0.2.0/24");
        rows.policy(network, List.of(web), List.of(), List.of(userId));

        assertThat(texts(actions(), Span.class)).contains("config outdated");
        assertThat(texts(actions(), Anchor.class)).containsExactly("New config");

        var renewed = devices.config(laptop);
        assertThat(renewed.text()).contains("AllowedIPs = 10.96.0.1/32, 192.0.2.0/24");
        assertThat(texts(actions(), Span.class)).doesNotContain("config outdated");
        assertThat(texts(actions(), Anchor.class)).containsExactly("Config");
    }
}
