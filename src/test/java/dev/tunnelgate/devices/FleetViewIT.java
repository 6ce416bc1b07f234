package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.QueryParameters;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.Eventually;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestUsers;
import dev.tunnelgate.testing.Views;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** The Devices view (fleet) in the server-side view tests: its empty state, and statuses that refresh by themselves. */
class FleetViewIT extends PortalIntegrationTest {
    @Autowired
    ApplicationContext context;

    @Autowired
    NetworkService networks;

    @Autowired
    DeviceService devices;

    @Autowired
    JdbcTemplate jdbc;

    FleetFixture fx;
    long admin;
    long network;
    long erin;

    @BeforeEach
    void setUp() {
        fx = new FleetFixture(jdbc);
        admin = TestUsers.insert(jdbc, "Fleet view admin");
        network = fx.network(networks, "fleet-view");
        erin = fx.user("Erin " + fx.suffix, "erin." + fx.suffix + "@example.com");
        Views.start(context);
        Views.signIn(TestLogins.as(admin, "Fleet view admin", Roles.USER, Roles.ADMIN), Roles.USER, Roles.ADMIN);
    }

    @AfterEach
    void tearDown() {
        Views.stop();
    }

    private FleetView open(Map<String, String> parameters) {
        UI.getCurrent().navigate(FleetView.class, QueryParameters.simple(parameters));
        return LocatorJ._get(FleetView.class);
    }

    private static int indexOf(FleetView view, String name) {
        return IntStream.range(0, GridKt._size(view.grid))
                .filter(i -> GridKt._get(view.grid, i).name().equals(name))
                .findFirst()
                .orElse(-1);
    }

    private static String statusCell(FleetView view, String name) {
        var column = view.grid.getColumns().indexOf(view.grid.getColumnByKey(FleetColumn.STATUS.key()));
        return GridKt._getFormattedRow(view.grid, indexOf(view, name)).get(column);
    }

    @Test
    void a_filter_that_matches_nothing_says_so_and_one_click_clears_the_filters() {
        fx.device(FleetFixture.spec(erin, network, "erin-laptop"));
        var view = open(Map.of("owner", "nobody-" + fx.suffix, "network", Long.toString(network)));
        assertThat(GridKt._size(view.grid)).isZero();
        assertThat(view.emptyText.getText()).isEqualTo("No device matches these filters");
        assertThat(view.clearFilters.isVisible()).isTrue();

        LocatorJ._click(view.clearFilters);

        assertThat(view.owner.getValue()).isEmpty();
        assertThat(view.network.getValue()).isNull();
        assertThat(view.clearFilters.isVisible()).isFalse();
        assertThat(view.emptyText.getText()).startsWith("No devices yet");
        view.owner.setValue("Erin " + fx.suffix);
        assertThat(indexOf(view, "erin-laptop")).isNotNegative();
    }

    @Test
    void a_revocation_by_someone_else_shows_up_without_a_reload_and_the_selection_stays() {
        fx.device(FleetFixture.spec(erin, network, "erin-laptop"));
        var phone = fx.device(FleetFixture.spec(erin, network, "erin-phone"));
        var view = open(Map.of("network", Long.toString(network)));
        assertThat(statusCell(view, "erin-phone")).isEqualTo("active");
        view.grid.select(GridKt._get(view.grid, indexOf(view, "erin-laptop")));
        assertThat(view.revokeSelected.isEnabled()).isTrue();

        // Another admin, in another browser (or on another portal instance), revokes the phone.
        TestUsers.as(
                admin,
                () -> {
                    devices.revoke(phone, "phone lost");
                    return null;
                },
                Roles.USER,
                Roles.ADMIN);

        Eventually.await(
                Duration.ofSeconds(20),
                "the phone's row to say it is revoked",
                () -> {
                    // What the browser would get pushed: run the UI's queued accesses.
                    MockVaadin.clientRoundtrip(false);
                    return statusCell(view, "erin-phone");
                },
                text -> text.equals("revoked: phone lost"));
        assertThat(view.grid.getSelectedItems()).extracting(DeviceRow::name).containsExactly("erin-laptop");
        assertThat(view.revokeSelected.isEnabled()).isTrue();
        assertThat(view.network.getValue()).isNotNull();
    }
}
