package dev.tunnelgate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.github.mvysny.kaributesting.v10.MockAccessDeniedException;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import dev.tunnelgate.devices.DeviceService;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.Views;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** The Explain view as an auditor uses it: a user, a device, or "who can reach 198.18.10.7:443 and why". */
class ExplainViewIT extends PortalIntegrationTest {
    @Autowired
    ApplicationContext context;

    @Autowired
    NetworkService networks;

    @Autowired
    DeviceService devices;

    @Autowired
    AccessExplainer explainer;

    @Autowired
    JdbcTemplate jdbc;

    ExplainFixture fx;
    long bob;
    long bobLaptop;
    long aliceLaptop;

    @BeforeEach
    void bobReachesTheWikiThroughEngineering() {
        fx = new ExplainFixture(networks, devices, jdbc);
        long net = fx.network("10.0.0.0/8");
        bob = fx.user("bob");
        long alice = fx.user("alice");
        fx.groups(bob, "engineering");
        bobLaptop = fx.device(bob, net, "bob-laptop");
        fx.pendingDevice(bob, net, "bob-phone");
        aliceLaptop = fx.device(alice, net, "alice-laptop");
        long wiki = fx.destination("Wiki", "198.18.10.0/24", "TCP", "443");
        fx.policy("Engineering", true, net, List.of(wiki), List.of("engineering"), List.of());
        Views.start(context);
        Views.signIn(TestLogins.as(fx.admin, "Auditor", Roles.USER, Roles.AUDITOR), Roles.USER, Roles.AUDITOR);
    }

    @AfterEach
    void tearDown() {
        Views.stop();
        fx.cleanUp();
    }

    private ExplainView open() {
        UI.getCurrent().navigate(ExplainView.class);
        return LocatorJ._get(ExplainView.class);
    }

    private static List<ExplainRow> rows(Grid<ExplainRow> grid) {
        return IntStream.range(0, GridKt._size(grid))
                .mapToObj(i -> GridKt._get(grid, i))
                .toList();
    }

    /** Our rows (the database is shared with other tests), as "device: destination by policy". */
    private List<String> ours(Grid<ExplainRow> grid) {
        return rows(grid).stream()
                .filter(row -> row.user().endsWith(fx.suffix))
                .map(row -> row.device() + ": " + row.destination() + " " + row.traffic() + " by " + row.grantedBy())
                .toList();
    }

    @Test
    void who_can_reach_an_address_and_port_lists_active_devices_and_pending_ones_apart() {
        var view = open();
        view.address.setValue("198.18.10.7");
        view.protocol.setValue(AccessProtocol.TCP);
        view.port.setValue("443");
        LocatorJ._click(view.ask);

        assertThat(view.question.getText()).isEqualTo("Who can reach 198.18.10.7 tcp 443");
        assertThat(ours(view.grid))
                .containsExactly(
                        "bob-laptop: " + fx.destinationName("Wiki") + " tcp 443 by " + fx.policyName("Engineering"));
        assertThat(view.pending.isVisible()).isTrue();
        assertThat(ours(view.pending))
                .containsExactly(
                        "bob-phone: " + fx.destinationName("Wiki") + " tcp 443 by " + fx.policyName("Engineering"));
        assertThat(view.answer.isVisible()).isFalse();
    }

    @Test
    void an_address_nobody_reaches_says_so() {
        var view = open();
        view.address.setValue("fd00:dead::1");
        LocatorJ._click(view.ask);

        assertThat(ours(view.grid)).isEmpty();
        assertThat(view.answer.getText()).isEqualTo("No active device can reach fd00:dead::1.");
        assertThat(view.pending.isVisible()).isFalse();
    }

    @Test
    void invalid_input_lands_on_its_field_and_a_valid_question_clears_it() {
        var view = open();
        view.address.setValue("10.1.2.0/24");
        LocatorJ._click(view.ask);
        assertThat(view.address.isInvalid()).isTrue();
        assertThat(view.address.getErrorMessage()).contains("IPv4 or IPv6 address");
        assertThat(view.grid.isVisible()).isFalse();

        view.address.setValue("198.18.10.7");
        view.port.setValue("65536");
        LocatorJ._click(view.ask);
        assertThat(view.address.isInvalid()).isFalse();
        assertThat(view.port.isInvalid()).isTrue();
        assertThat(view.port.getErrorMessage()).isEqualTo("A port is a number from 1 to 65535");

        view.port.setValue("443");
        LocatorJ._click(view.ask);
        assertThat(view.port.isInvalid()).isFalse();
        assertThat(ours(view.grid)).hasSize(1);
    }

    @Test
    void a_picked_user_shows_every_device_and_one_that_reaches_nothing_says_why() {
        var view = open();
        var user = explainer.findUsers("bob " + fx.suffix, 0, 10).getFirst();
        view.user.setValue(user);

        assertThat(view.question.getText()).isEqualTo("What " + fx.name(bob) + " (engineering) reaches");
        assertThat(ours(view.grid))
                .containsExactly(
                        "bob-laptop: " + fx.destinationName("Wiki") + " tcp 443 by " + fx.policyName("Engineering"),
                        "bob-phone: " + fx.destinationName("Wiki") + " tcp 443 by " + fx.policyName("Engineering"));

        var alices = explainer.findDevices("alice-laptop", 0, 100).stream()
                .filter(d -> d.id() == aliceLaptop)
                .findFirst()
                .orElseThrow();
        view.device.setValue(alices);
        assertThat(view.user.getValue()).isNull();
        assertThat(ours(view.grid))
                .containsExactly(
                        "alice-laptop: Nothing: no enabled policy of its network grants its owner or their groups  by ");
    }

    @Test
    void nobody_but_admins_and_auditors_opens_the_view() {
        Views.signIn(TestLogins.as(bob, "bob", Roles.USER, Roles.APPROVER), Roles.USER, Roles.APPROVER);
        assertThatThrownBy(() -> UI.getCurrent().navigate(ExplainView.class))
                .isInstanceOf(MockAccessDeniedException.class);
        LocatorJ._assertNone(ExplainView.class);
    }
}
