package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Image;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.testing.Views;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;

/** The "Add device" wizard, driven server-side: errors land on their fields, success shows config and QR. */
class AddDeviceDialogIT extends PortalIntegrationTest {
    @Autowired
    ApplicationContext context;

    @Autowired
    NetworkService networks;

    @Autowired
    DeviceRepository devices;

    @Autowired
    DeviceService deviceService;

    @Autowired
    JdbcTemplate jdbc;

    String networkName;

    @BeforeEach
    void signInAndOpenMyDevices() {
        SecurityContextHolder.getContext().setAuthentication(TestLogins.as(1, "Admin", Roles.USER, Roles.ADMIN));
        networkName = "wizard-" + UUID.randomUUID().toString().substring(0, 6);
        networks.create(TestNetworks.network(
                networkName, "10.99.0.0/24", b -> b.gatewayPublicKey(TestNetworks.newGatewayKey())));
        jdbc.update(
                "insert into app_user (version, issuer, subject, display_name, roles, created_at, last_login_at)"
                        + " values (0, 'https://idp.test', ?, 'Wizard User', '[USER]', ?, ?)",
                UUID.randomUUID().toString(),
                Timestamp.from(Instant.now()),
                Timestamp.from(Instant.now()));
        long userId = jdbc.queryForObject("select max(id) from app_user", Long.class);

        Views.start(context);
        Views.signIn(TestLogins.as(userId, "Wizard User", Roles.USER), Roles.USER);
        UI.getCurrent().navigate(MyDevicesView.class);
        LocatorJ._click(LocatorJ._get(MyDevicesView.class).add);
    }

    @AfterEach
    void tearDown() {
        Views.stop();
    }

    private AddDeviceDialog fill(String name, KeyOrigin method, String publicKey) {
        var dialog = LocatorJ._get(AddDeviceDialog.class);
        dialog.name.setValue(name);
        dialog.network.setValue(dialog.network
                .getListDataView()
                .getItems()
                .filter(n -> n.settings().name().equals(networkName))
                .findFirst()
                .orElseThrow());
        dialog.keyMethod.setValue(method);
        dialog.publicKey.setValue(publicKey);
        return dialog;
    }

    @Test
    void a_hostile_name_or_key_is_shown_on_its_field_and_nothing_is_saved() {
        var before = devices.count();
        var dialog = fill("laptop\u202Egpj.exe", KeyOrigin.SERVER, "");
        LocatorJ._click(dialog.enroll);
        assertThat(dialog.name.isInvalid()).isTrue();
        assertThat(dialog.name.getErrorMessage()).contains("Name");

        fill("laptop", KeyOrigin.USER, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        LocatorJ._click(dialog.enroll);
        assertThat(dialog.name.isInvalid()).isFalse();
        assertThat(dialog.publicKey.isInvalid()).isTrue();
        assertThat(devices.count()).isEqualTo(before);
    }

    @Test
    void a_taken_name_shows_on_the_name_field_and_the_device_limit_on_the_network_field() {
        long networkId = LocatorJ._get(AddDeviceDialog.class)
                .network
                .getListDataView()
                .getItems()
                .filter(n -> n.settings().name().equals(networkName))
                .findFirst()
                .orElseThrow()
                .id();
        deviceService.enroll(new EnrollmentRequest("Laptop", Platform.LINUX, networkId, KeyOrigin.SERVER, null));

        var dialog = fill("laptop", KeyOrigin.SERVER, "");
        LocatorJ._click(dialog.enroll);
        assertThat(dialog.name.isInvalid()).isTrue();
        assertThat(dialog.name.getErrorMessage()).contains("already have a device named");

        for (int i = 2; i <= 5; i++) {
            deviceService.enroll(
                    new EnrollmentRequest("Laptop " + i, Platform.LINUX, networkId, KeyOrigin.SERVER, null));
        }
        var before = devices.count();
        fill("Phone", KeyOrigin.SERVER, "");
        LocatorJ._click(dialog.enroll);
        assertThat(dialog.name.isInvalid()).isFalse();
        assertThat(dialog.network.isInvalid()).isTrue();
        assertThat(dialog.network.getErrorMessage()).contains("limit of 5 devices");
        assertThat(devices.count()).isEqualTo(before);
    }

    @Test
    void server_keys_show_the_status_the_config_the_qr_code_and_a_warning_that_it_is_shown_once() {
        var dialog = fill("Work phone", KeyOrigin.SERVER, "");
        LocatorJ._click(dialog.enroll);
        assertThat(dialog.enroll.isVisible()).isFalse();
        var text = dialog.result.getElement().getTextRecursively();
        assertThat(text).contains("Waiting for an approver").contains("only time the private key is shown");
        assertThat(LocatorJ._get(dialog, Image.class).getSrc()).startsWith("data:image/png;base64,");
        assertThat(LocatorJ._get(dialog, Anchor.class).getElement().getAttribute("download"))
                .isEqualTo("Work-phone.conf");
        assertThat(GridRows.names(LocatorJ._get(MyDevicesView.class).grid)).contains("Work phone");
    }
}
