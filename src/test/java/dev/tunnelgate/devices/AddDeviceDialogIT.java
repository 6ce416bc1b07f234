package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.accordion.Accordion;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.textfield.TextArea;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.testing.Views;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
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
        assertThat(text)
                .contains("Waiting for an approver")
                .contains("This private key is shown only now; download or scan it before closing.")
                .contains("The server made this key and forgot the private key at once.")
                .contains("A later \"Config\" download in My devices therefore has the line"
                        + " \"PrivateKey = <paste your private key here>\"");
        var qr = LocatorJ._get(dialog, Image.class);
        assertThat(qr.getSrc()).startsWith("data:image/png;base64,");
        assertThat(qr.getClassNames())
                .as("scales with the theme's qr-code rule")
                .contains("qr-code");
        assertThat(LocatorJ._get(dialog, Anchor.class).getElement().getAttribute("download"))
                .isEqualTo("Work-phone.conf");
        assertThat(GridRows.names(LocatorJ._get(MyDevicesView.class).grid)).contains("Work phone");
    }

    @Test
    void closing_a_result_with_a_server_made_private_key_asks_first_by_button_escape_or_outside_click() {
        var dialog = fill("Tablet", KeyOrigin.SERVER, "");
        LocatorJ._click(dialog.enroll);

        LocatorJ._click(dialog.close);
        assertThat(dialog.isOpened()).as("Close asks first").isTrue();
        var question = LocatorJ._get(ConfirmDialog.class);
        assertThat(question.getElement().getProperty("message")).contains("shown only now");
        ConfirmDialogKt._fireCancel(question);
        assertThat(dialog.isOpened()).as("back to the key").isTrue();

        // Escape and a click outside the dialog arrive as a close action from the browser.
        ComponentUtil.fireEvent(dialog, new Dialog.DialogCloseActionEvent(dialog, true));
        assertThat(dialog.isOpened()).as("Escape asks first").isTrue();
        ConfirmDialogKt._fireConfirm(LocatorJ._get(ConfirmDialog.class));
        assertThat(dialog.isOpened()).as("closed once confirmed").isFalse();
    }

    @Test
    void a_result_with_the_users_own_key_explains_the_placeholder_and_closes_without_asking() {
        var dialog = fill("Desktop", KeyOrigin.USER, TestNetworks.newGatewayKey());
        LocatorJ._click(dialog.enroll);
        var text = dialog.result.getElement().getTextRecursively();
        assertThat(text)
                .contains("You made this key yourself")
                .contains("PrivateKey = <paste your private key here>")
                .doesNotContain("shown only now");
        assertThat(LocatorJ._get(dialog, TextArea.class, spec -> spec.withId("config-text"))
                        .getValue())
                .as("the file explains its placeholder too")
                .contains("# This file has no private key: the portal never keeps one.");

        LocatorJ._click(dialog.close);
        assertThat(dialog.isOpened()).isFalse();
        LocatorJ._assertNone(ConfirmDialog.class);
    }

    @Test
    void on_a_touch_device_the_download_comes_first_and_the_qr_code_second_elsewhere_the_qr_code_first() {
        var phone = fill("Phone", KeyOrigin.SERVER, "");
        phone.platform.setValue(Platform.ANDROID);
        phone.touch = true;
        LocatorJ._click(phone.enroll);
        var shown = phone.result.getChildren().toList();
        assertThat(indexOf(shown, Anchor.class)).isLessThan(indexOf(shown, Image.class));
        assertThat(indexOf(shown, Image.class)).isLessThan(indexOf(shown, Div.class));
        var guide = LocatorJ._get(phone, Accordion.class);
        assertThat(guide.getOpenedIndex()).hasValue(3); // Windows, macOS, iOS, Android, ...
        assertThat(guide.getElement().getTextRecursively())
                .contains("Import from file or archive")
                .contains("wg-quick up")
                .contains("nmcli connection import type wireguard file Phone.conf");
        LocatorJ._click(phone.close);
        ConfirmDialogKt._fireConfirm(LocatorJ._get(ConfirmDialog.class));

        LocatorJ._click(LocatorJ._get(MyDevicesView.class).add);
        var laptop = fill("Laptop", KeyOrigin.SERVER, "");
        laptop.platform.setValue(Platform.LINUX);
        LocatorJ._click(laptop.enroll);
        shown = laptop.result.getChildren().toList();
        assertThat(indexOf(shown, Image.class)).isLessThan(indexOf(shown, Anchor.class));
        assertThat(LocatorJ._get(laptop, Accordion.class).getOpenedIndex()).hasValue(4); // wg-quick
    }

    @Test
    void a_german_user_reads_the_form_and_the_result_in_german() {
        LocatorJ._get(AddDeviceDialog.class).close();
        UI.getCurrent().setLocale(Locale.GERMAN);
        LocatorJ._click(LocatorJ._get(MyDevicesView.class).add);
        var dialog = fill("Diensthandy", KeyOrigin.SERVER, "");
        assertThat(dialog.getHeaderTitle()).isEqualTo("Gerät hinzufügen");
        assertThat(dialog.name.getLabel()).isEqualTo("Gerätename");
        assertThat(dialog.keyMethod.getItemLabelGenerator().apply(KeyOrigin.SERVER))
                .startsWith("Schlüssel auf dem Server erzeugen");
        LocatorJ._click(dialog.enroll);
        assertThat(dialog.result.getElement().getTextRecursively())
                .contains("Wartet auf eine Freigabe: Jedes Gerät in diesem Netzwerk wird von Hand freigegeben.")
                .contains("Dieser private Schlüssel wird nur jetzt angezeigt")
                .contains("So importieren Sie die Konfiguration")
                .contains("Installieren Sie WireGuard");
        LocatorJ._click(dialog.close);
        assertThat(LocatorJ._get(ConfirmDialog.class).getElement().getProperty("header"))
                .isEqualTo("Ohne den privaten Schlüssel schließen?");
    }

    private static int indexOf(List<Component> shown, Class<? extends Component> type) {
        for (int i = 0; i < shown.size(); i++) {
            if (type.isInstance(shown.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + shown);
    }
}
