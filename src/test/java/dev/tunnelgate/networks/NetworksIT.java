package dev.tunnelgate.networks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import dev.tunnelgate.gateways.GatewayService;
import dev.tunnelgate.gateways.GroupSpec;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.Race;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.testing.Views;
import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;

/** Networks through the service, as the admin view uses it, and through the view itself. */
class NetworksIT extends PortalIntegrationTest {
    @Autowired
    NetworkService networks;

    @Autowired
    NetworkRepository repository;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApplicationContext context;

    @Autowired
    GatewayService gateways;

    @AfterEach
    void signOut() {
        Views.stop();
    }

    private static void signIn(String... roles) {
        SecurityContextHolder.getContext().setAuthentication(TestLogins.as(7, "Alice Admin", roles));
    }

    private static String uniqueName() {
        return "net-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private int auditCount(String action) {
        return jdbc.queryForObject("select count(*) from audit_event where action = ?", Integer.class, action);
    }

    @Test
    void the_embedded_default_starts_with_one_network_to_join_that_sets_no_dns() {
        var office = repository.findByNameIgnoreCase("Office").orElseThrow();
        // Nothing answers DNS on its gateway address: a client told to ask there loses name resolution.
        assertThat(office.settings().dnsServers()).isEmpty();
    }

    @Test
    void an_admin_creates_and_changes_a_network_and_both_are_audited() {
        signIn(Roles.USER, Roles.ADMIN);
        var name = uniqueName();
        var created = auditCount("network.created");
        var id = networks.create(NetworkValidatorTest.with(b -> b.name(name)
                .ipv4Pool("10.20.0.0/24")
                .gatewayAddresses(java.util.List.of("10.20.0.1"))
                .ipv6Pool("")));
        assertThat(networks.get(id).ipv4Pool()).hasToString("10.20.0.0/24");
        assertThat(auditCount("network.created")).isEqualTo(created + 1);

        var changed = auditCount("network.changed");
        networks.update(
                id,
                NetworkValidatorTest.with(b -> b.name(name)
                        .ipv4Pool("10.20.0.0/24")
                        .gatewayAddresses(java.util.List.of("10.20.0.1"))
                        .ipv6Pool("")
                        .mtu(1380)));
        assertThat(networks.get(id).mtu()).isEqualTo(1380);
        assertThat(auditCount("network.changed")).isEqualTo(changed + 1);
        assertThat(jdbc.queryForObject(
                        "select details from audit_event where action = 'network.changed' and target = ?"
                                + " order by id desc limit 1",
                        String.class,
                        "network:" + id))
                .contains("mtu=1420")
                .contains("mtu=1380");
    }

    @Test
    void invalid_or_duplicate_settings_change_nothing() {
        signIn(Roles.USER, Roles.ADMIN);
        var before = repository.count();
        var audited = auditCount("network.created");
        assertThatThrownBy(() -> networks.create(
                        NetworkValidatorTest.with(b -> b.name(uniqueName()).mtu(100))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("MTU");
        assertThatThrownBy(() -> networks.create(NetworkValidatorTest.with(b -> b.name("OFFICE"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("exists already")
                .isInstanceOfSatisfying(
                        ConflictException.class, e -> assertThat(e.field()).isEqualTo(NetworkField.NAME));
        assertThat(repository.count()).isEqualTo(before);
        assertThat(auditCount("network.created")).isEqualTo(audited);
    }

    @Test
    void networks_created_at_once_with_names_that_differ_only_in_case_store_one() {
        var name = uniqueName();
        var tries = spellings(name).stream()
                .<Callable<Long>>map(spelling ->
                        () -> asAdmin(() -> networks.create(NetworkValidatorTest.with(b -> b.name(spelling)))))
                .toList();

        var outcomes = Race.run(tries);

        Race.assertRefusedLikeOneByOne(outcomes, 1, NetworkField.NAME, "exists already");
        assertThat(jdbc.queryForObject("select count(*) from network where lower(name) = ?", Integer.class, name))
                .isEqualTo(1);
    }

    @Test
    void networks_renamed_at_once_to_names_that_differ_only_in_case_keep_one() {
        var name = uniqueName();
        var tries = new ArrayList<Callable<Long>>();
        for (var spelling : spellings(name)) {
            long id = asAdmin(() -> networks.create(NetworkValidatorTest.with(b -> b.name(uniqueName()))));
            tries.add(() -> asAdmin(() -> {
                networks.update(id, NetworkValidatorTest.with(b -> b.name(spelling)));
                return id;
            }));
        }

        var outcomes = Race.run(tries);

        Race.assertRefusedLikeOneByOne(outcomes, 1, NetworkField.NAME, "exists already");
        assertThat(jdbc.queryForObject("select count(*) from network where lower(name) = ?", Integer.class, name))
                .isEqualTo(1);
    }

    private static List<String> spellings(String lowerCase) {
        var upper = lowerCase.toUpperCase(Locale.ROOT);
        return List.of(
                lowerCase,
                upper,
                upper.charAt(0) + lowerCase.substring(1),
                lowerCase.substring(0, 4) + upper.substring(4),
                lowerCase.substring(0, 6) + upper.substring(6));
    }

    /** Signs in as an admin on the calling thread, which each racing thread does for itself. */
    private static <T> T asAdmin(Supplier<T> action) {
        signIn(Roles.USER, Roles.ADMIN);
        try {
            return action.get();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    @Test
    void an_employee_may_neither_list_nor_create_networks() {
        signIn(Roles.USER);
        assertThatThrownBy(() -> networks.list(PageRequest.of(0, 10))).isInstanceOf(AuthorizationDeniedException.class);
        assertThatThrownBy(() -> networks.create(NetworkValidatorTest.good()))
                .isInstanceOf(AuthorizationDeniedException.class);
    }

    @Test
    void the_admin_view_shows_the_field_error_and_saves_once_it_is_fixed() {
        Views.start(context);
        Views.signIn(TestLogins.as(7, "Alice Admin", Roles.USER, Roles.ADMIN), Roles.USER, Roles.ADMIN);
        UI.getCurrent().navigate(NetworksView.class);

        var view = LocatorJ._get(NetworksView.class);
        var rowsBefore = GridKt._size(view.grid);
        LocatorJ._click(view.create);
        var form = LocatorJ._get(NetworkForm.class);
        var name = uniqueName();
        form.setValue(NetworkValidatorTest.with(b -> b.name(name)
                .ipv4Pool("10.30.0.1/24")
                .gatewayAddresses(java.util.List.of())
                .ipv6Pool("")));
        LocatorJ._click(LocatorJ._get(Button.class, spec -> spec.withId("save-network")));
        assertThat(form.ipv4Pool.isInvalid()).isTrue();
        assertThat(form.ipv4Pool.getErrorMessage()).contains("did you mean 10.30.0.0/24");
        assertThat(repository.findByNameIgnoreCase(name)).isEmpty();

        form.ipv4Pool.setValue("10.30.0.0/24");
        LocatorJ._click(LocatorJ._get(Button.class, spec -> spec.withId("save-network")));
        assertThat(repository.findByNameIgnoreCase(name)).isPresent();
        assertThat(GridKt._size(view.grid)).isEqualTo(rowsBefore + 1);
    }

    private NetworksView openView() {
        Views.start(context);
        Views.signIn(TestLogins.as(7, "Alice Admin", Roles.USER, Roles.ADMIN), Roles.USER, Roles.ADMIN);
        UI.getCurrent().navigate(NetworksView.class);
        return LocatorJ._get(NetworksView.class);
    }

    private static void save() {
        LocatorJ._click(LocatorJ._get(Button.class, spec -> spec.withId("save-network")));
    }

    @Test
    void the_admin_view_shows_a_taken_name_on_the_name_field() {
        var view = openView();
        LocatorJ._click(view.create);
        var form = LocatorJ._get(NetworkForm.class);
        form.setValue(NetworkValidatorTest.with(b -> b.name("OFFICE")
                .ipv4Pool("10.31.0.0/24")
                .gatewayAddresses(List.of())
                .ipv6Pool("")));
        save();
        assertThat(form.name.isInvalid()).isTrue();
        assertThat(form.name.getErrorMessage()).contains("exists already");
        assertThat(form.ipv4Pool.isInvalid()).isFalse();
    }

    @Test
    void a_german_admin_reads_the_refusal_of_a_taken_name_in_german_on_the_name_field() {
        var view = openView();
        UI.getCurrent().setLocale(Locale.GERMAN);
        LocatorJ._click(view.create);
        var form = LocatorJ._get(NetworkForm.class);
        form.setValue(NetworkValidatorTest.with(b -> b.name("OFFICE")
                .ipv4Pool("10.31.0.0/24")
                .gatewayAddresses(List.of())
                .ipv6Pool("")));
        save();
        assertThat(form.name.isInvalid()).isTrue();
        assertThat(form.name.getErrorMessage()).isEqualTo("Ein Netzwerk namens „Office“ gibt es bereits");
        assertThat(form.ipv4Pool.isInvalid()).isFalse();
    }

    @Test
    void an_error_keyed_to_the_ipv6_pool_lands_on_the_ipv6_field() {
        var view = openView();
        LocatorJ._click(view.create);
        var form = LocatorJ._get(NetworkForm.class);
        form.showError(new InvalidInputException(NetworkField.IPV6_POOL, "The pools of \"a\" and \"b\" overlap"));
        assertThat(form.ipv6Pool.isInvalid()).isTrue();
        assertThat(form.ipv4Pool.isInvalid()).isFalse();
    }

    @Test
    void an_ipv6_pool_that_overlaps_another_network_of_the_group_is_shown_on_the_ipv6_field() {
        signIn(Roles.USER, Roles.ADMIN);
        var suffix = UUID.randomUUID().toString().substring(0, 8);
        long a = networks.create(NetworkValidatorTest.with(b -> b.name("v6a-" + suffix)
                .ipv4Pool("10.71.0.0/24")
                .ipv6Pool("fd71:0:0:1::/64")
                .gatewayAddresses(List.of("10.71.0.1"))));
        long b = networks.create(NetworkValidatorTest.with(n -> n.name("v6b-" + suffix)
                .ipv4Pool("10.71.1.0/24")
                .ipv6Pool("fd71:0:0:2::/64")
                .gatewayAddresses(List.of("10.71.1.1"))));
        gateways.createGroup(new GroupSpec("v6-" + suffix, "127.0.0.1:51820", 51820, List.of(a, b), null));

        var view = openView();
        var row = IntStream.range(0, GridKt._size(view.grid))
                .filter(i -> GridKt._get(view.grid, i).id() == b)
                .findFirst()
                .orElseThrow();
        GridKt._clickItem(view.grid, row);
        var form = LocatorJ._get(NetworkForm.class);
        form.ipv6Pool.setValue("fd71:0:0:1:8000::/65");
        save();
        assertThat(form.ipv6Pool.isInvalid()).isTrue();
        assertThat(form.ipv6Pool.getErrorMessage()).contains("overlap");
        assertThat(form.ipv4Pool.isInvalid()).isFalse();
        assertThat(String.valueOf(networks.get(b).ipv6Pool())).isEqualTo("fd71:0:0:2::/64");
    }

    @Test
    void a_dns_server_inside_the_tunnel_gets_a_warning_and_the_network_still_saves() {
        var view = openView();
        LocatorJ._click(view.create);
        var form = LocatorJ._get(NetworkForm.class);
        var name = uniqueName();
        form.setValue(NetworkValidatorTest.with(b -> b.name(name)
                .ipv4Pool("10.32.0.0/24")
                .gatewayAddresses(List.of("10.32.0.1"))
                .ipv6Pool("fd32::/64")
                .dnsServers(List.of("1.1.1.1"))));
        assertThat(form.dnsWarning.isVisible()).isFalse();

        form.dnsServers.setValue("1.1.1.1\n10.32.0.1");
        assertThat(form.dnsWarning.isVisible()).isTrue();
        assertThat(form.dnsWarning.getText())
                .isEqualTo("Nothing answers DNS on a gateway address unless you run a resolver there; clients lose"
                        + " name resolution when the tunnel is up.");
        assertThat(form.dnsServers.isInvalid()).isFalse();
        form.dnsServers.setValue("9.9.9.9");
        assertThat(form.dnsWarning.isVisible()).isFalse();
        // Any address of the network's own ranges is the tunnel too, gateway address or not.
        form.dnsServers.setValue("fd32::53");
        assertThat(form.dnsWarning.isVisible()).isTrue();

        // A warning, not an error: the admin may run a resolver there.
        save();
        var saved = repository.findByNameIgnoreCase(name).orElseThrow().settings();
        assertThat(saved.dnsServers()).extracting(a -> a.toCanonicalString()).containsExactly("fd32::53");
    }

    @Test
    void a_network_served_by_a_gateway_group_shows_the_groups_endpoint_and_key_and_cannot_change_them() {
        signIn(Roles.USER, Roles.ADMIN);
        var suffix = UUID.randomUUID().toString().substring(0, 8);
        var ownKey = TestNetworks.newGatewayKey();
        long served = networks.create(NetworkValidatorTest.with(b -> b.name("served-" + suffix)
                .ipv4Pool("10.33.0.0/24")
                .ipv6Pool("")
                .gatewayAddresses(List.of("10.33.0.1"))
                .endpoint("own.example.com:51820")
                .gatewayPublicKey(ownKey)));
        var groupKey = TestNetworks.newGatewayKey();
        var group = "owner-" + suffix;
        gateways.createGroup(new GroupSpec(group, "group.example.com:51821", 51821, List.of(served), groupKey));

        var view = openView();
        GridKt._clickItem(
                view.grid,
                IntStream.range(0, GridKt._size(view.grid))
                        .filter(i -> GridKt._get(view.grid, i).id() == served)
                        .findFirst()
                        .orElseThrow());
        var form = LocatorJ._get(NetworkForm.class);
        assertThat(form.endpoint.isVisible()).isFalse();
        assertThat(form.gatewayPublicKey.isVisible()).isFalse();
        assertThat(form.gatewayOwned.getElement().getTextRecursively())
                .contains("Endpoint: group.example.com:51821 (set on gateway group '" + group + "')")
                .contains("Gateway public key: " + groupKey + " (set on gateway group '" + group + "')");
        form.mtu.setValue(1380);
        save();
        assertThat(networks.get(served).mtu()).isEqualTo(1380);
        assertThat(networks.get(served).endpoint()).hasToString("group.example.com:51821");

        // Not through the form either: the service keeps the group's endpoint and key.
        networks.update(
                served,
                TestNetworks.with(
                        NetworkSpec.of(networks.get(served)),
                        b -> b.endpoint("other.example.com:51820").gatewayPublicKey(ownKey)));
        assertThat(networks.get(served).endpoint()).hasToString("group.example.com:51821");
        assertThat(java.util.Objects.requireNonNull(networks.get(served).gatewayPublicKey())
                        .toBase64())
                .isEqualTo(groupKey);

        // A network no group serves sets both itself, and its form has the inputs.
        long own = networks.create(NetworkValidatorTest.with(b -> b.name("own-" + suffix)
                .ipv4Pool("10.34.0.0/24")
                .ipv6Pool("")
                .gatewayAddresses(List.of("10.34.0.1"))
                .endpoint("own.example.com:51820")));
        networks.update(
                own, TestNetworks.with(NetworkSpec.of(networks.get(own)), b -> b.endpoint("other.example.com:51820")));
        assertThat(networks.get(own).endpoint()).hasToString("other.example.com:51820");
        assertThat(networks.gatewayGroup(own)).isEmpty();
        assertThat(networks.gatewayGroup(served)).contains(group);
    }
}
