package dev.tunnelgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.UI;
import dev.tunnelgate.devices.DeviceService;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.Views;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** The Access view, driven server-side: refusals land on their fields, and auditors only look. */
class AccessViewIT extends PortalIntegrationTest {
    @Autowired
    ApplicationContext context;

    @Autowired
    NetworkService networks;

    @Autowired
    DeviceService devices;

    @Autowired
    DestinationService destinations;

    @Autowired
    PolicyService policies;

    @Autowired
    JdbcTemplate jdbc;

    AccessFixture fx;

    @BeforeEach
    void setUp() {
        fx = new AccessFixture(networks, devices, destinations, policies, jdbc);
    }

    @AfterEach
    void stop() {
        Views.stop();
    }

    private AccessView open(String... roles) {
        Views.start(context);
        Views.signIn(TestLogins.as(fx.admin, "Alice Admin", roles), roles);
        UI.getCurrent().navigate(AccessView.class);
        return LocatorJ._get(AccessView.class);
    }

    private int count(String table, String name) {
        return jdbc.queryForObject("select count(*) from " + table + " where name = ?", Integer.class, name);
    }

    @Test
    void a_prefix_with_host_bits_is_shown_on_the_prefixes_field_and_saved_once_fixed() {
        var view = open(Roles.USER, Roles.ADMIN);
        var rowsBefore = GridKt._size(view.destinationGrid);
        var dialog = view.openDestination(null);
        var name = fx.name("web");
        dialog.form.setValue(
                new DestinationSpec(name, List.of("10.40.0.0/16", "10.41.0.1/16"), AccessProtocol.TCP, List.of("443")));

        dialog.save();

        assertThat(dialog.form.prefixes.isInvalid()).isTrue();
        assertThat(dialog.form.prefixes.getErrorMessage())
                .isEqualTo("Prefix 2 has host bits set; did you mean 10.41.0.0/16?");
        assertThat(dialog.form.name.isInvalid()).isFalse();
        assertThat(dialog.isOpened()).isTrue();
        assertThat(count("destination", name)).isZero();

        dialog.form.prefixes.setValue("10.40.0.0/16\n10.41.0.0/16");
        dialog.save();

        assertThat(dialog.isOpened()).isFalse();
        assertThat(count("destination", name)).isEqualTo(1);
        assertThat(GridKt._size(view.destinationGrid)).isEqualTo(rowsBefore + 1);
    }

    @Test
    void a_policy_without_subjects_is_refused_on_the_groups_field_and_saved_once_a_group_is_named() {
        long network = fx.network(false);
        long destination = fx.destination(AccessProtocol.ICMP, List.of(), "10.%d.1.0/24".formatted(fx.octet()));
        var view = open(Roles.USER, Roles.ADMIN);
        var dialog = view.openPolicy(null);
        var name = fx.name("ping");
        dialog.form.setValue(new PolicySpec(
                name, true, java.util.Set.of(network), java.util.Set.of(destination), List.of(), java.util.Set.of()));
        assertThat(dialog.form.networks.getValue()).hasSize(1);

        dialog.save();

        assertThat(dialog.form.groups.isInvalid()).isTrue();
        assertThat(dialog.form.groups.getErrorMessage()).contains("at least one group or user");
        assertThat(count("access_policy", name)).isZero();

        dialog.form.groups.setValue("engineering\n\n/ops\n");
        var preview = dialog.save();

        assertThat(preview.isOpened()).isTrue();
        assertThat(LocatorJ._get(preview, AccessPreviewPanel.class).summary.getText())
                .isNotBlank();
        assertThat(count("access_policy", name))
                .as("stored before the preview is confirmed")
                .isZero();
        ConfirmDialogKt._fireConfirm(preview);

        assertThat(dialog.isOpened()).isFalse();
        long id = jdbc.queryForObject("select id from access_policy where name = ?", Long.class, name);
        assertThat(jdbc.queryForList(
                        "select group_name from access_policy_group where policy_id = ? order by group_name",
                        String.class,
                        id))
                .containsExactly("engineering", "ops");
        var rows = java.util.stream.IntStream.range(0, GridKt._size(view.policyGrid))
                .mapToObj(i -> GridKt._get(view.policyGrid, i))
                .filter(r -> r.id() == id)
                .toList();
        assertThat(rows)
                .singleElement()
                .satisfies(r -> assertThat(AccessView.who(r)).isEqualTo("group engineering, group ops"));
    }

    @Test
    void an_auditor_sees_both_lists_but_no_button_to_change_them() {
        fx.destination(AccessProtocol.ANY, List.of(), "10.39.0.0/16");
        var view = open(Roles.USER, Roles.AUDITOR);

        assertThat(GridKt._size(view.destinationGrid)).isPositive();
        assertThat(view.newDestination.isVisible()).isFalse();
        assertThat(view.newPolicy.isVisible()).isFalse();
    }

    @Test
    void an_admin_reading_german_gets_the_access_view_its_dialogs_and_the_preview_in_german() {
        Views.start(context);
        UI.getCurrent().setLocale(java.util.Locale.GERMAN);
        Views.signIn(TestLogins.as(fx.admin, "Alice Admin", Roles.USER, Roles.ADMIN), Roles.USER, Roles.ADMIN);
        UI.getCurrent().navigate(AccessView.class);
        var view = LocatorJ._get(AccessView.class);

        assertThat(view.newPolicy.getText()).isEqualTo("Neue Richtlinie");
        assertThat(view.newDestination.getText()).isEqualTo("Neues Ziel");
        var dialog = view.openDestination(null);
        assertThat(dialog.getHeaderTitle()).isEqualTo("Neues Ziel");
        assertThat(dialog.form.prefixes.getLabel()).isEqualTo("Präfixe");
        dialog.close();

        var wiki = new Reach(
                7,
                "Wiki",
                new dev.tunnelgate.protocol.AccessRule(
                        AccessProtocol.TCP,
                        List.of(dev.tunnelgate.protocol.PortRange.single(443)),
                        List.of(dev.tunnelgate.ip.IpPrefix.parse("10.1.0.0/16"))),
                List.of("Engineering"));
        var diff = new AccessDiff(List.of(new AccessDiff.UserChange(
                1,
                "bob",
                List.of(),
                List.of(new AccessDiff.DeviceChange(1, "phone", "Office", "PENDING", List.of(), List.of(wiki))))));
        var panel = new AccessPreviewPanel(diff);
        assertThat(panel.summary.getText())
                .isEqualTo("1 Gerät von 1 Benutzer ändert sich: 0 erhalten Zugriff, 1 verliert Zugriff.");
        assertThat(AccessPreviewPanel.lines(diff, 20))
                .containsExactly("bob: phone (wartet auf Freigabe) verliert Wiki (tcp 443) über Engineering");
    }
}
