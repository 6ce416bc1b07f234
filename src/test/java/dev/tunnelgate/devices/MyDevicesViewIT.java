package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.textfield.TextField;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.testing.TestUsers;
import dev.tunnelgate.testing.Views;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;

/** "My devices" when the service refuses: the reason is shown where the user acts, and the view keeps working. */
class MyDevicesViewIT extends PortalIntegrationTest {
    @Autowired
    ApplicationContext context;

    @Autowired
    NetworkService networks;

    @Autowired
    DeviceService devices;

    @Autowired
    JdbcTemplate jdbc;

    MyDevicesView view;
    long phone;
    long laptop;

    @BeforeEach
    void enrollTwoDevicesAndOpenTheView() {
        SecurityContextHolder.getContext().setAuthentication(TestLogins.as(1, "Admin", Roles.USER, Roles.ADMIN));
        long network = networks.create(TestNetworks.network(
                "mine-" + UUID.randomUUID().toString().substring(0, 6),
                "10.98.0.0/24",
                b -> b.gatewayPublicKey(TestNetworks.newGatewayKey())));
        long userId = TestUsers.insert(jdbc, "View User");

        Views.start(context);
        Views.signIn(TestLogins.as(userId, "View User", Roles.USER), Roles.USER);
        phone = devices.enroll(new EnrollmentRequest("Phone", Platform.IOS, network, KeyOrigin.SERVER, null))
                .device()
                .id();
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

    private void click(long deviceId, String action) {
        var row = GridRows.names(view.grid).indexOf(deviceId == phone ? "Phone" : "Laptop");
        GridRows.chooseAction(view.grid, row, action);
    }

    @Test
    void a_rename_to_a_name_taken_in_another_case_keeps_the_dialog_open_with_the_reason_on_the_field() {
        click(laptop, "Rename");
        var dialog = LocatorJ._get(Dialog.class);
        var name = LocatorJ._get(TextField.class, spec -> spec.withId("rename-name"));
        name.setValue("PHONE");
        LocatorJ._click(LocatorJ._get(Button.class, spec -> spec.withId("rename-confirm")));

        assertThat(dialog.isOpened()).isTrue();
        assertThat(name.isInvalid()).isTrue();
        assertThat(name.getErrorMessage()).contains("You already have a device named \"PHONE\"");
        assertThat(GridRows.names(view.grid)).containsExactlyInAnyOrder("Phone", "Laptop");

        name.setValue("Work laptop");
        LocatorJ._click(LocatorJ._get(Button.class, spec -> spec.withId("rename-confirm")));
        assertThat(dialog.isOpened()).isFalse();
        assertThat(GridRows.names(view.grid)).containsExactlyInAnyOrder("Phone", "Work laptop");
    }

    @Test
    void a_german_user_reads_the_refusal_of_a_taken_name_in_german() {
        click(laptop, "Rename");
        UI.getCurrent().setLocale(Locale.GERMAN);
        var name = LocatorJ._get(TextField.class, spec -> spec.withId("rename-name"));
        name.setValue("PHONE");
        LocatorJ._click(LocatorJ._get(Button.class, spec -> spec.withId("rename-confirm")));

        assertThat(name.isInvalid()).isTrue();
        assertThat(name.getErrorMessage()).isEqualTo("Sie haben bereits ein Gerät namens „PHONE“");
    }

    @Test
    void keys_made_for_a_network_without_a_gateway_are_refused_on_the_key_method_field_and_nothing_is_stored() {
        var user = SecurityContextHolder.getContext().getAuthentication();
        SecurityContextHolder.getContext().setAuthentication(TestLogins.as(1, "Admin", Roles.USER, Roles.ADMIN));
        var noGateway = "no-gateway-" + UUID.randomUUID().toString().substring(0, 6);
        networks.create(TestNetworks.network(noGateway, "10.97.0.0/24", b -> b));
        SecurityContextHolder.getContext().setAuthentication(user);
        var stored = jdbc.queryForObject("select count(*) from device", Integer.class);

        LocatorJ._click(view.add);
        var dialog = LocatorJ._get(AddDeviceDialog.class);
        dialog.name.setValue("Tablet");
        dialog.network.setValue(dialog.network
                .getListDataView()
                .getItems()
                .filter(n -> n.settings().name().equals(noGateway))
                .findFirst()
                .orElseThrow());
        dialog.keyMethod.setValue(KeyOrigin.SERVER);
        LocatorJ._click(dialog.enroll);

        assertThat(dialog.keyMethod.isInvalid()).isTrue();
        assertThat(dialog.keyMethod.getErrorMessage())
                .contains("no gateway yet")
                .contains("Bring your own key");
        assertThat(dialog.enroll.isVisible()).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from device", Integer.class))
                .isEqualTo(stored);
    }

    @Test
    void revoking_a_device_revoked_meanwhile_in_another_window_says_so() {
        click(phone, "Revoke");
        devices.revoke(phone); // the other window is quicker
        ConfirmDialogKt._fireConfirm(LocatorJ._get(ConfirmDialog.class));

        NotificationsKt.expectNotifications("This device is revoked already");
    }
}
