package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.textfield.TextArea;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.keys.WgPrivateKey;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.testing.TestUsers;
import dev.tunnelgate.testing.Views;
import dev.tunnelgate.wgconfig.PrivateKeyEntry;
import dev.tunnelgate.wgconfig.WgConfigParser;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;

/** "Replace key" in My devices: the dialog, the new config, the row's rotation state, and a refused key. */
class ReplaceKeyViewIT extends PortalIntegrationTest {
    @Autowired
    ApplicationContext context;

    @Autowired
    NetworkService networks;

    @Autowired
    DeviceService devices;

    @Autowired
    JdbcTemplate jdbc;

    MyDevicesView view;
    long laptop;
    String laptopKey;
    String phoneKey;

    @BeforeEach
    void enrollTwoDevicesAndOpenTheView() {
        SecurityContextHolder.getContext().setAuthentication(TestLogins.as(1, "Admin", Roles.USER, Roles.ADMIN));
        long network = networks.create(TestNetworks.network(
                "rotate-" + UUID.randomUUID().toString().substring(0, 6),
                "10.96.0.0/24",
                b -> b.gatewayPublicKey(TestNetworks.newGatewayKey()).approvalMode(ApprovalMode.AUTOMATIC)));
        long userId = TestUsers.insert(jdbc, "Rotating User");
        Views.start(context);
        Views.signIn(TestLogins.as(userId, "Rotating User", Roles.USER), Roles.USER);
        phoneKey = devices.enroll(new EnrollmentRequest("Phone", Platform.IOS, network, KeyOrigin.SERVER, null))
                .device()
                .publicKey();
        var enrolled = devices.enroll(new EnrollmentRequest("Laptop", Platform.LINUX, network, KeyOrigin.SERVER, null))
                .device();
        laptop = enrolled.id();
        laptopKey = enrolled.publicKey();
        UI.getCurrent().navigate(MyDevicesView.class);
        view = LocatorJ._get(MyDevicesView.class);
    }

    @AfterEach
    void tearDown() {
        Views.stop();
    }

    private int laptopRow() {
        return GridRows.names(view.grid).indexOf("Laptop");
    }

    private void clickReplaceKey() {
        GridRows.chooseAction(view.grid, laptopRow(), "Replace key");
    }

    @Test
    void replacing_a_key_on_the_server_shows_the_new_config_once_and_the_row_shows_both_keys() {
        clickReplaceKey();
        var dialog = LocatorJ._get(ReplaceKeyDialog.class);
        dialog.keyMethod.setValue(KeyOrigin.SERVER);
        LocatorJ._click(dialog.replace);

        var text = LocatorJ._get(TextArea.class, spec -> spec.withId("replacement-config-text"))
                .getValue();
        var config = WgConfigParser.parse(text);
        WgPrivateKey privateKey = ((PrivateKeyEntry.Included) config.iface().privateKey()).key();
        var nextKey = jdbc.queryForObject("select next_public_key from device where id = ?", String.class, laptop);
        assertThat(privateKey.publicKey().toBase64()).isEqualTo(nextKey);
        assertThat(dialog.replace.isVisible()).isFalse();

        var row = GridKt._get(view.grid, laptopRow());
        var status = ReplaceKeyDialog.rotationText(row);
        assertThat(status)
                .contains("new key " + nextKey.substring(0, 8))
                .contains("waiting for its first handshake")
                .contains("old key " + laptopKey.substring(0, 8) + "… works until");
        assertThat(GridRows.menuItems(view.grid, laptopRow()))
                .as("no second replacement while one runs")
                .doesNotContain("Replace key")
                .contains("Rename", "Revoke");
    }

    @Test
    void a_key_another_device_uses_is_refused_on_the_key_field_and_the_dialog_stays_open() {
        clickReplaceKey();
        var dialog = LocatorJ._get(ReplaceKeyDialog.class);
        dialog.keyMethod.setValue(KeyOrigin.USER);
        dialog.publicKey.setValue(phoneKey);
        LocatorJ._click(dialog.replace);

        assertThat(dialog.isOpened()).isTrue();
        assertThat(dialog.publicKey.isInvalid()).isTrue();
        assertThat(dialog.publicKey.getErrorMessage()).contains("already used by a device");
        assertThat(jdbc.queryForObject("select next_public_key from device where id = ?", String.class, laptop))
                .isNull();
    }
}
