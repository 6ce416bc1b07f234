package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.UI;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestUsers;
import dev.tunnelgate.testing.Views;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * "My devices" hides revoked and rejected devices until asked (and says how many), and guides a user who has nothing
 * to list with one sentence and the Add device button, in English and German.
 */
class MyDevicesEndedIT extends PortalIntegrationTest {
    @Autowired
    ApplicationContext context;

    @Autowired
    NetworkService networks;

    @Autowired
    DeviceService devices;

    @Autowired
    JdbcTemplate jdbc;

    FleetFixture fx;
    long network;
    long user;

    @BeforeEach
    void aUserOfItsOwnNetwork() {
        fx = new FleetFixture(jdbc);
        network = fx.network(networks, "ended");
        user = TestUsers.insert(jdbc, "Ended User");
        Views.start(context);
        Views.signIn(TestLogins.as(user, "Ended User", Roles.USER), Roles.USER);
    }

    @AfterEach
    void tearDown() {
        Views.stop();
    }

    private MyDevicesView open() {
        UI.getCurrent().navigate(MyDevicesView.class);
        return LocatorJ._get(MyDevicesView.class);
    }

    @Test
    void revoked_and_rejected_devices_are_hidden_until_asked_for_and_the_view_says_how_many() {
        fx.device(FleetFixture.spec(user, network, "Laptop"));
        fx.device(FleetFixture.spec(user, network, "Old phone").status(DeviceStatus.REVOKED));
        fx.device(FleetFixture.spec(user, network, "Tablet").status(DeviceStatus.REJECTED));
        fx.device(FleetFixture.spec(user, network, "Desktop").status(DeviceStatus.PENDING));

        assertThat(devices.myDevices(PageRequest.of(0, 50), false).getContent())
                .extracting(DeviceRow::name)
                .containsExactlyInAnyOrder("Laptop", "Desktop");
        assertThat(devices.myDevices(PageRequest.of(0, 50), true).getContent()).hasSize(4);
        assertThat(devices.myDevices(PageRequest.of(0, 50)).getContent())
                .as("the one-argument form, as other callers use it, lists every device")
                .hasSize(4);
        assertThat(devices.myDeviceCounts()).isEqualTo(new MyDeviceCounts(2, 2));

        var view = open();
        assertThat(GridRows.names(view.grid)).containsExactlyInAnyOrder("Laptop", "Desktop");
        assertThat(view.hidden.isVisible()).isTrue();
        assertThat(view.hidden.getText()).isEqualTo("2 revoked or rejected devices hidden");
        assertThat(view.showEnded.isVisible()).isTrue();
        assertThat(view.showEnded.getLabel()).isEqualTo("Show revoked and rejected");
        assertThat(view.empty.isVisible()).isFalse();

        view.showEnded.setValue(true);
        assertThat(GridRows.names(view.grid)).containsExactlyInAnyOrder("Laptop", "Desktop", "Old phone", "Tablet");
        assertThat(view.hidden.isVisible()).isFalse();
    }

    @Test
    void an_employee_with_no_device_sees_one_sentence_and_one_button() {
        var view = open();

        assertThat(view.empty.isVisible()).isTrue();
        assertThat(view.empty.getElement().getTextRecursively())
                .isEqualTo("You have no devices yet. Add one to connect." + "Add device");
        assertThat(view.add.getParent()).contains(view.empty);
        assertThat(view.grid.isVisible()).isFalse();
        assertThat(view.cards.isVisible()).isFalse();
        assertThat(view.showEnded.isVisible()).isFalse();
        assertThat(view.hidden.isVisible()).isFalse();

        LocatorJ._click(view.add);
        assertThat(LocatorJ._get(AddDeviceDialog.class).isOpened()).isTrue();
    }

    @Test
    void a_user_whose_devices_all_ended_is_told_so_and_can_still_show_them() {
        fx.device(FleetFixture.spec(user, network, "Old phone").status(DeviceStatus.REVOKED));

        var view = open();
        assertThat(view.empty.isVisible()).isTrue();
        assertThat(view.empty.getElement().getTextRecursively())
                .startsWith("None of your devices can connect any more. Add one to connect.");
        assertThat(view.hidden.getText()).isEqualTo("1 revoked or rejected device hidden");

        view.showEnded.setValue(true);
        assertThat(view.empty.isVisible()).isFalse();
        assertThat(view.grid.isVisible()).isTrue();
        assertThat(view.add.getParent()).isNotEqualTo(java.util.Optional.of(view.empty));
        assertThat(GridRows.names(view.grid)).containsExactly("Old phone");
        assertThat(GridKt._getFormatted(view.grid, 0, "status")).isEqualTo("revoked by someone: earlier");
    }

    @Test
    void in_german_every_text_of_the_view_is_german() {
        fx.device(FleetFixture.spec(user, network, "Laptop"));
        fx.device(FleetFixture.spec(user, network, "Old phone").status(DeviceStatus.REVOKED));
        UI.getCurrent().setLocale(Locale.GERMAN);

        var view = open();
        assertThat(view.getPageTitle()).isEqualTo("Meine Geräte · Tunnelgate");
        assertThat(view.add.getText()).isEqualTo("Gerät hinzufügen");
        assertThat(view.hidden.getText()).isEqualTo("1 widerrufenes oder abgelehntes Gerät ausgeblendet");
        assertThat(view.grid.getColumns().stream().map(c -> c.getHeaderText()).toList())
                .containsExactly(
                        "Name",
                        "Netzwerk",
                        "Status",
                        "Gateways",
                        "Zuletzt gesehen",
                        "Adressen",
                        "Erreicht",
                        "Aktionen");
        assertThat(GridKt._getFormatted(view.grid, 0, "status")).isEqualTo("aktiv");
        assertThat(GridKt._getFormatted(view.grid, 0, "last-seen")).isEqualTo("nie verbunden");
        assertThat(GridRows.menuItems(view.grid, 0)).containsExactly("Umbenennen", "Schlüssel ersetzen", "Widerrufen");
    }
}
