package dev.tunnelgate.gateways;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.mvysny.kaributesting.v10.BasicUtilsKt;
import com.github.mvysny.kaributesting.v10.ContextMenuKt;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.github.mvysny.kaributesting.v10.MockAccessDeniedException;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.contextmenu.MenuItem;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.i18n.I18NProvider;
import com.vaadin.flow.router.AccessDeniedException;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.keys.WgKeyPair;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.protocol.AgentWire;
import dev.tunnelgate.protocol.DnsCheck;
import dev.tunnelgate.protocol.StatusReport;
import dev.tunnelgate.testing.Eventually;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.testing.Views;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authorization.AuthorizationDeniedException;

/** The gateways view, driven server-side on the shared portal: groups, members and their credentials. */
class GatewaysViewIT extends PortalIntegrationTest {
    private static final String TOKEN = "tgw1\\.[0-9]+\\.[A-Za-z0-9_-]{43}";

    @Autowired
    ApplicationContext context;

    @Autowired
    GatewayService gateways;

    @Autowired
    NetworkService networks;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();
    private String suffix = "";

    @BeforeEach
    void startVaadin() {
        suffix = UUID.randomUUID().toString().substring(0, 8);
        Views.start(context);
    }

    @AfterEach
    void stopVaadin() {
        Views.stop();
    }

    private static void signIn(String... roles) {
        Views.signIn(TestLogins.as(77, "Gina Gateway", roles), roles);
    }

    private GatewaysView open(String... roles) {
        signIn(roles);
        UI.getCurrent().navigate(GatewaysView.class);
        return LocatorJ._get(GatewaysView.class);
    }

    private GatewaysView openAsAdmin() {
        return open(Roles.USER, Roles.ADMIN);
    }

    /** A network of its own per test, so that no group of another test serves it. */
    private long network(String name) {
        return networks.create(TestNetworks.network(name, "10.98.0.0/24", b -> b.gatewayAddresses("10.98.0.1")));
    }

    private GroupForm openForm(Button button) {
        LocatorJ._click(button);
        return LocatorJ._get(GroupForm.class);
    }

    private static void save() {
        LocatorJ._click(LocatorJ._get(Button.class, spec -> spec.withId("save-group")));
    }

    private static void fill(GroupForm form, String name, String endpoint, int port, long... networkIds) {
        form.name.setValue(name);
        form.endpoint.setValue(endpoint);
        form.listenPort.setValue(port);
        var ids = Arrays.stream(networkIds).boxed().toList();
        form.networks.setValue(form.networks
                .getListDataView()
                .getItems()
                .filter(n -> ids.contains(n.id()))
                .toList());
    }

    private static <T> int row(Grid<T> grid, Predicate<T> matches) {
        return IntStream.range(0, GridKt._size(grid))
                .filter(i -> matches.test(GridKt._get(grid, i)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no such row"));
    }

    private static GroupRow select(GatewaysView view, String groupName) {
        var group = GridKt._get(view.groups, row(view.groups, g -> g.name().equals(groupName)));
        GridKt._select(view.groups, group);
        return group;
    }

    private static String cellText(Grid<?> grid, int row, String key) {
        return GridKt._getCellComponent(grid, row, key).getElement().getTextRecursively();
    }

    private static List<Button> buttonsIn(Component component) {
        return LocatorJ._find(component, Button.class);
    }

    /** The row menu of a member: its entries' texts. */
    private static List<String> menuEntries(Grid<MemberRow> grid, int row) {
        var menu = (MenuBar) GridKt._getCellComponent(grid, row, "actions");
        return menu.getItems().getFirst().getSubMenu().getItems().stream()
                .map(MenuItem::getText)
                .toList();
    }

    private static void chooseInMenu(Grid<MemberRow> grid, int row, String entry) {
        ContextMenuKt._clickItemWithCaption((MenuBar) GridKt._getCellComponent(grid, row, "actions"), entry);
    }

    private int report(String token, StatusReport report) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + "/api/agent/v1/status"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", AgentWire.MEDIA_TYPE)
                                .POST(HttpRequest.BodyPublishers.ofString(AgentWire.encode(report)))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private int agentState(String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/agent/v1/state?wait=0"))
                .header("Authorization", "Bearer " + token)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void an_admin_creates_a_group_through_the_form_and_changes_it() {
        var view = openAsAdmin();
        var networkName = "gwnet-" + suffix;
        var networkId = network(networkName);
        var name = "group-" + suffix;

        fill(openForm(view.create), name, "vpn-" + suffix + ".example.com:51820", 51821, networkId);
        save();

        var saved = gateways.groups().stream()
                .filter(g -> g.name().equals(name))
                .findFirst()
                .orElseThrow();
        assertThat(saved.endpoint()).isEqualTo("vpn-" + suffix + ".example.com:51820");
        assertThat(saved.listenPort()).isEqualTo(51821);
        assertThat(saved.networkIds()).containsExactly(networkId);
        var shown = GridKt._getFormattedRow(
                view.groups, row(view.groups, g -> g.name().equals(name)));
        assertThat(shown).contains(name, networkName, "10.98.0.1/24", "0/0", String.valueOf(saved.revision()));

        select(view, name);
        var form = openForm(view.edit);
        assertThat(form.name.getValue()).isEqualTo(name);
        assertThat(form.networks.getValue()).extracting(n -> n.id()).containsExactly(networkId);
        form.listenPort.setValue(51822);
        save();

        var changed = gateways.groups().stream()
                .filter(g -> g.id() == saved.id())
                .findFirst()
                .orElseThrow();
        assertThat(changed.listenPort()).isEqualTo(51822);
        assertThat(changed.revision()).isGreaterThan(saved.revision());
        assertThat(GridKt._getFormattedRow(view.groups, row(view.groups, g -> g.id() == saved.id())))
                .contains("51822");
    }

    @Test
    void invalid_settings_show_on_their_field_and_save_nothing() {
        var view = openAsAdmin();
        var served = network("served-" + suffix);
        var free = network("free-" + suffix);
        gateways.createGroup(new GroupSpec("taken-" + suffix, "taken.example.com:51820", 51820, List.of(served), null));
        var before = gateways.groups();
        var form = openForm(view.create);
        var name = "fresh-" + suffix;

        fill(form, name, "vpn.example.com", 51820, free);
        save();
        assertThat(form.endpoint.isInvalid()).isTrue();
        assertThat(form.endpoint.getErrorMessage()).isNotBlank();
        assertThat(gateways.groups()).isEqualTo(before);

        fill(form, name, "vpn.example.com:51820", 0, free);
        save();
        assertThat(form.endpoint.isInvalid()).isFalse();
        assertThat(form.listenPort.isInvalid()).isTrue();
        assertThat(form.listenPort.getErrorMessage()).contains("between 1 and 65535");
        assertThat(gateways.groups()).isEqualTo(before);

        fill(form, "TAKEN-" + suffix, "vpn.example.com:51820", 51820, free);
        save();
        assertThat(form.listenPort.isInvalid()).isFalse();
        assertThat(form.name.isInvalid()).isTrue();
        assertThat(form.name.getErrorMessage()).contains("exists already");
        assertThat(gateways.groups()).isEqualTo(before);

        fill(form, name, "vpn.example.com:51820", 51820, free);
        form.publicKey.setValue("not a key");
        save();
        assertThat(form.name.isInvalid()).isFalse();
        assertThat(form.publicKey.isInvalid()).isTrue();
        assertThat(gateways.groups()).isEqualTo(before);

        form.publicKey.setValue("");
        fill(form, name, "vpn.example.com:51820", 51820, free, served);
        save();
        assertThat(form.publicKey.isInvalid()).isFalse();
        assertThat(form.networks.isInvalid()).isTrue();
        assertThat(form.networks.getErrorMessage()).contains("served by group \"taken-" + suffix + "\"");
        assertThat(gateways.groups()).isEqualTo(before);

        fill(form, name, "vpn.example.com:51820", 51820, free);
        save();
        assertThat(gateways.groups())
                .hasSize(before.size() + 1)
                .anyMatch(g -> g.name().equals(name));
    }

    @Test
    void a_member_gets_a_token_once_can_have_it_rotated_and_is_revoked() throws Exception {
        signIn(Roles.USER, Roles.ADMIN);
        var name = "members-" + suffix;
        gateways.createGroup(
                new GroupSpec(name, "members.example.com:51820", 51820, List.of(network("m-" + suffix)), null));
        var view = openAsAdmin();
        var group = select(view, name);

        LocatorJ._click(view.members.add);
        var add = LocatorJ._get(AddMemberDialog.class);
        add.name.setValue("gw a");
        LocatorJ._click(add.add);
        assertThat(add.name.isInvalid()).isTrue();
        assertThat(gateways.members(group.id())).isEmpty();
        add.name.setValue("gw-a");
        LocatorJ._click(add.add);
        assertThat(add.isOpened()).isFalse();

        var issued = LocatorJ._get(CredentialDialog.class);
        var first = issued.token.getValue();
        assertThat(first).matches(TOKEN);
        assertThat(issued.token.isReadOnly()).isTrue();
        assertThat(issued.command.getValue())
                .matches(
                        "java -jar tunnelgate\\.jar agent --portal https?://\\S+ --token-file /etc/tunnelgate/agent\\.token --interface wg0");
        assertThat(issued.getElement().getTextRecursively()).contains("chmod 600");
        // This portal has no tunnelgate.public-url: the command takes the browser's address, and says so.
        assertThat(issued.command.getHelperText())
                .isEqualTo("Set tunnelgate.public-url to the address agents reach; this command uses the address of"
                        + " your browser");
        var members = view.members.grid;
        assertThat(GridKt._size(members)).isEqualTo(1);
        assertThat(GridKt._get(members, 0).name()).isEqualTo("gw-a");
        assertThat(cellText(members, 0, "status")).isEqualTo("offline");
        assertThat(GridKt._getFormatted(members, 0, "revision")).isEqualTo("0 / " + group.revision());
        assertThat(agentState(first)).isEqualTo(200);
        issued.close();

        LocatorJ._click(view.members.add);
        var again = LocatorJ._get(AddMemberDialog.class);
        again.name.setValue("GW-A");
        LocatorJ._click(again.add);
        assertThat(again.name.isInvalid()).isTrue();
        assertThat(again.name.getErrorMessage()).contains("member named \"GW-A\" already");
        assertThat(GridKt._size(members)).isEqualTo(1);
        again.close();

        assertThat(menuEntries(members, 0)).containsExactly("Details", "Rotate credential", "Revoke");
        chooseInMenu(members, 0, "Rotate credential");
        ConfirmDialogKt._fireConfirm(LocatorJ._get(ConfirmDialog.class));
        var rotated = LocatorJ._get(CredentialDialog.class);
        var second = rotated.token.getValue();
        assertThat(second).matches(TOKEN).isNotEqualTo(first);
        assertThat(rotated.grace.getText()).contains("first uses this new one").contains("24 h");
        assertThat(MemberCells.credential(GridKt._get(members, 0)))
                .contains("rotated")
                .contains("previous valid until");
        chooseInMenu(members, 0, "Details");
        assertThat(members.isDetailsVisible(GridKt._get(members, 0))).isTrue();
        assertThat(agentState(second)).isEqualTo(200);
        rotated.close();

        chooseInMenu(members, 0, "Revoke");
        ConfirmDialogKt._fireConfirm(LocatorJ._get(ConfirmDialog.class));
        assertThat(GridKt._get(members, 0).revoked()).isTrue();
        assertThat(cellText(members, 0, "status")).isEqualTo("revoked");
        assertThat(menuEntries(members, 0)).containsExactly("Details");
        assertThat(agentState(second)).isEqualTo(401);
    }

    @Test
    void a_member_that_reports_another_key_is_flagged_with_its_report() throws Exception {
        signIn(Roles.USER, Roles.ADMIN);
        var random = new SecureRandom();
        var groupKey = WgKeyPair.generate(random).publicKey().toBase64();
        var name = "keyed-" + suffix;
        var groupId = gateways.createGroup(
                new GroupSpec(name, "keyed.example.com:51820", 51820, List.of(network("k-" + suffix)), groupKey));
        var token = gateways.addMember(groupId, "gw-b").token();
        var report = new StatusReport(
                "1.2.3",
                WgKeyPair.generate(random).publicKey().toBase64(),
                0,
                null,
                List.of(),
                List.of(),
                List.of("wg set failed"));
        var response = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/api/agent/v1/status"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", AgentWire.MEDIA_TYPE)
                        .POST(HttpRequest.BodyPublishers.ofString(AgentWire.encode(report)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(204);

        var view = open(Roles.USER, Roles.ADMIN);
        select(view, name);
        var members = view.members.grid;
        var mismatch = I18NProvider.translate(MemberCells.KEY_MISMATCH);
        assertThat(mismatch).startsWith("Reports a different key");
        assertThat(cellText(members, 0, "status")).isEqualTo("online");
        assertThat(LocatorJ._get(GridKt._getCellComponent(members, 0, "name"), Icon.class)
                        .getElement()
                        .getAttribute("aria-label"))
                .isEqualTo(mismatch);
        assertThat(cellText(members, 0, "sync")).isEqualTo("behind");
        assertThat(GridKt._getFormattedRow(members, 0)).anyMatch(cell -> cell.endsWith(": wg set failed"));
        assertThat(MemberCells.details(GridKt._get(members, 0)).getElement().getTextRecursively())
                .contains("1.2.3")
                .contains(mismatch);
    }

    @Test
    void a_dns_server_that_does_not_answer_is_a_warning_on_the_member_row_and_one_that_answers_is_ok()
            throws Exception {
        signIn(Roles.USER, Roles.ADMIN);
        var name = "dns-" + suffix;
        long networkId = networks.create(TestNetworks.network(
                "d-" + suffix,
                "10.98.0.0/24",
                b -> b.gatewayAddresses("10.98.0.1").dnsServers("10.98.0.1", "10.98.0.53")));
        var groupId =
                gateways.createGroup(new GroupSpec(name, "dns.example.com:51820", 51820, List.of(networkId), null));
        var token = gateways.addMember(groupId, "gw-d").token();
        var quiet = gateways.addMember(groupId, "gw-e").token();
        var key = WgKeyPair.generate(new SecureRandom()).publicKey().toBase64();
        assertThat(report(
                        token,
                        new StatusReport(
                                "1.2.3",
                                key,
                                0,
                                null,
                                List.of(),
                                List.of(),
                                List.of(),
                                true,
                                List.of(
                                        new DnsCheck("10.98.0.1", DnsCheck.Outcome.NO_ANSWER),
                                        new DnsCheck("10.98.0.53", DnsCheck.Outcome.OK)))))
                .isEqualTo(204);
        assertThat(report(
                        quiet,
                        new StatusReport(
                                "1.2.3",
                                key,
                                0,
                                null,
                                List.of(),
                                List.of(),
                                List.of(),
                                true,
                                List.of(
                                        new DnsCheck("10.98.0.1", DnsCheck.Outcome.OK),
                                        new DnsCheck("10.98.0.53", DnsCheck.Outcome.OK)))))
                .isEqualTo(204);

        var view = open(Roles.USER, Roles.ADMIN);
        select(view, name);
        var members = view.members.grid;
        assertThat(cellText(members, 0, "dns")).isEqualTo("DNS 10.98.0.1: no answer");
        assertThat(cellText(members, 1, "dns")).isEqualTo("DNS ok");
    }

    private int reportRole(String token, String key, dev.tunnelgate.protocol.@Nullable EndpointRole role)
            throws Exception {
        return report(
                token, new StatusReport("1.2.3", key, 0, null, List.of(), List.of(), List.of()).withEndpointRole(role));
    }

    @Test
    void the_member_holding_the_endpoint_address_is_shown_and_a_split_brain_or_no_holder_is_a_warning()
            throws Exception {
        signIn(Roles.USER, Roles.ADMIN);
        var name = "vip-" + suffix;
        var groupId = gateways.createGroup(
                new GroupSpec(name, "vip.example.com:51820", 51820, List.of(network("v-" + suffix)), null));
        var a = gateways.addMember(groupId, "gw-a");
        var b = gateways.addMember(groupId, "gw-b");
        var c = gateways.addMember(groupId, "gw-c");
        var key = WgKeyPair.generate(new SecureRandom()).publicKey().toBase64();
        assertThat(reportRole(a.token(), key, dev.tunnelgate.protocol.EndpointRole.HOLDER))
                .isEqualTo(204);
        assertThat(reportRole(b.token(), key, dev.tunnelgate.protocol.EndpointRole.STANDBY))
                .isEqualTo(204);
        assertThat(reportRole(c.token(), key, null)).isEqualTo(204);

        var view = openAsAdmin();
        select(view, name);
        int group = row(view.groups, g -> g.name().equals(name));
        assertThat(cellText(view.groups, group, "endpoint-holder")).isEqualTo("gw-a");
        var members = view.members.grid;
        assertThat(cellText(members, 0, "status")).startsWith("onlineHolds the VIPsince ");
        assertThat(cellText(members, 1, "status")).startsWith("onlineStandbysince ");
        assertThat(cellText(members, 2, "status")).isEqualTo("online");

        // Both claim it: a split brain, on the group's row.
        assertThat(reportRole(b.token(), key, dev.tunnelgate.protocol.EndpointRole.HOLDER))
                .isEqualTo(204);
        view.refresh();
        group = row(view.groups, g -> g.name().equals(name));
        assertThat(cellText(view.groups, group, "endpoint-holder"))
                .isEqualTo("Split brain: gw-a, gw-b all claim the endpoint address");

        // gw-a goes silent: its claim is shown as its last report, not as holding the address now.
        jdbc.update(
                "update gateway_member set last_contact_at = ? where id = ?",
                java.sql.Timestamp.from(java.time.Instant.now().minus(java.time.Duration.ofMinutes(10))),
                a.memberId());
        view.refresh();
        group = row(view.groups, g -> g.name().equals(name));
        assertThat(cellText(view.groups, group, "endpoint-holder"))
                .isEqualTo("gw-bgw-a said so at its last report, but is offline");
        assertThat(cellText(members, 0, "status")).startsWith("offlineHeld the VIP at its last report");
        assertThat(cellText(members, 1, "status")).startsWith("onlineHolds the VIP");

        // gw-b steps back and nobody online holds the address.
        assertThat(reportRole(b.token(), key, dev.tunnelgate.protocol.EndpointRole.STANDBY))
                .isEqualTo(204);
        view.refresh();
        group = row(view.groups, g -> g.name().equals(name));
        assertThat(cellText(view.groups, group, "endpoint-holder")).startsWith("No member holds the endpoint address");

        UI.getCurrent().setLocale(java.util.Locale.GERMAN);
        var german = openAsAdmin();
        select(german, name);
        group = row(german.groups, g -> g.name().equals(name));
        assertThat(cellText(german.groups, group, "endpoint-holder"))
                .isEqualTo("Kein Mitglied hält die Endpunkt-Adresse" + "gw-a meldete das zuletzt, ist aber offline");
        assertThat(cellText(german.members.grid, 1, "status")).startsWith("onlineBereitschaftseit ");
    }

    @Test
    void an_auditor_sees_groups_and_members_but_no_way_to_change_them() {
        signIn(Roles.USER, Roles.ADMIN);
        var name = "audited-" + suffix;
        var groupId = gateways.createGroup(
                new GroupSpec(name, "audited.example.com:51820", 51820, List.of(network("a-" + suffix)), null));
        var memberId = gateways.addMember(groupId, "gw-c").memberId();

        var view = open(Roles.USER, Roles.AUDITOR);
        select(view, name);
        assertThat(GridKt._size(view.members.grid)).isEqualTo(1);
        assertThat(GridKt._get(view.members.grid, 0).name()).isEqualTo("gw-c");
        assertThat(buttonsIn(view)).noneMatch(b -> BasicUtilsKt.isEffectivelyVisible(b) && b.isEnabled());
        assertThat(menuEntries(view.members.grid, 0)).containsExactly("Details");
        assertThatThrownBy(() -> gateways.revokeMember(memberId)).isInstanceOf(AuthorizationDeniedException.class);
    }

    @Test
    void a_members_online_state_and_applied_revision_follow_without_a_reload() throws Exception {
        signIn(Roles.USER, Roles.ADMIN);
        var name = "live-" + suffix;
        var groupId = gateways.createGroup(
                new GroupSpec(name, "live.example.com:51820", 51820, List.of(network("l-" + suffix)), null));
        var token = gateways.addMember(groupId, "gw-live").token();
        var view = openAsAdmin();
        var group = select(view, name);
        var members = view.members.grid;
        assertThat(cellText(members, 0, "status")).isEqualTo("offline");
        assertThat(cellText(members, 0, "sync")).isEqualTo("behind");
        chooseInMenu(members, 0, "Details");

        var key = WgKeyPair.generate(new SecureRandom()).publicKey().toBase64();
        var applied = new StatusReport("1.2.3", key, group.revision(), null, List.of(), List.of(), List.of());
        assertThat(report(token, applied)).isEqualTo(204);

        // No reload, no click: the portal pushes the change to the open view.
        Eventually.await(
                Duration.ofSeconds(20),
                "the member shown online and up to date",
                () -> {
                    MockVaadin.clientRoundtrip(false);
                    return cellText(members, 0, "status") + ", " + cellText(members, 0, "sync");
                },
                shown -> shown.equals("online, up to date"));
        assertThat(GridKt._getFormatted(members, 0, "revision")).isEqualTo(group.revision() + " / " + group.revision());
        assertThat(members.isDetailsVisible(GridKt._get(members, 0)))
                .as("the details opened before the refresh")
                .isTrue();
    }

    @Test
    void the_agent_command_uses_the_configured_public_url_and_says_so() {
        signIn(Roles.USER, Roles.ADMIN);
        var dialog = new CredentialDialog(
                new IssuedCredential(1, "gw-x", "tgw1.1.token"),
                null,
                PublicUrl.valueOf("https://vpn.example.com/tunnelgate/"));
        assertThat(dialog.command.getValue())
                .isEqualTo("java -jar tunnelgate.jar agent --portal https://vpn.example.com/tunnelgate"
                        + " --token-file /etc/tunnelgate/agent.token --interface wg0");
        assertThat(dialog.command.getHelperText())
                .contains("tunnelgate.public-url (https://vpn.example.com/tunnelgate)");
    }

    @Test
    void an_employee_cannot_open_the_view() {
        signIn(Roles.USER);
        assertThatThrownBy(() -> UI.getCurrent().navigate(GatewaysView.class))
                .isInstanceOf(MockAccessDeniedException.class)
                .hasRootCauseInstanceOf(AccessDeniedException.class);
        LocatorJ._assertNone(GatewaysView.class);
    }
}
