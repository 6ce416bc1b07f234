package dev.tunnelgate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.devices.DeviceService;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.Race;
import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.FieldKey;
import dev.tunnelgate.text.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authorization.AuthorizationDeniedException;

/** Destinations and policies through the services, as the Access view calls them, and what devices reach then. */
class AccessPoliciesIT extends PortalIntegrationTest {
    @Autowired
    NetworkService networks;

    @Autowired
    DeviceService devices;

    @Autowired
    DestinationService destinations;

    @Autowired
    PolicyService policies;

    @Autowired
    AccessGrants grants;

    @Autowired
    JdbcTemplate jdbc;

    AccessFixture fx;

    @BeforeEach
    void setUp() {
        fx = new AccessFixture(networks, devices, destinations, policies, jdbc);
    }

    private <T> T admin(Supplier<T> action) {
        return fx.asAdmin(action);
    }

    private String auditDetails(String action, String target) {
        return jdbc.queryForObject(
                "select details from audit_event where action = ? and target = ? order by id desc limit 1",
                String.class,
                action,
                target);
    }

    // --- destinations: hostile input, one field at a time -------------------------------------------------------

    record Refusal<S>(S spec, FieldKey field, String message) {}

    private static DestinationSpec dest(List<String> prefixes, AccessProtocol protocol, List<String> ports) {
        return new DestinationSpec("dest-ok", prefixes, protocol, ports);
    }

    private static List<Refusal<DestinationSpec>> hostileDestinations() {
        var tcp = AccessProtocol.TCP;
        var net = List.of("10.250.0.0/16");
        var many = IntStream.range(0, 257)
                .mapToObj(i -> "10.%d.%d.0/24".formatted(i / 256, i % 256))
                .toList();
        var n = DestinationField.NAME;
        var p = DestinationField.PREFIXES;
        var o = DestinationField.PORTS;
        return List.of(
                new Refusal<>(new DestinationSpec("", net, tcp, List.of("443")), n, "Name is required"),
                new Refusal<>(new DestinationSpec("   ", net, tcp, List.of("443")), n, "Name is required"),
                new Refusal<>(new DestinationSpec("a\nb", net, tcp, List.of("443")), n, "line break"),
                new Refusal<>(new DestinationSpec("a\u202Eb", net, tcp, List.of("443")), n, "invisible"),
                new Refusal<>(new DestinationSpec("x".repeat(65), net, tcp, List.of("443")), n, "at most 64"),
                new Refusal<>(dest(List.of(), tcp, List.of("443")), p, "at least one prefix"),
                new Refusal<>(dest(many, tcp, List.of("443")), p, "At most 256 prefixes"),
                new Refusal<>(
                        dest(List.of("10.250.0.1/16"), tcp, List.of("443")),
                        p,
                        "Prefix 1 has host bits set; did you mean 10.250.0.0/16?"),
                new Refusal<>(
                        dest(List.of("10.1.0.0/16", "10.1.0.0/16"), tcp, List.of("443")),
                        p,
                        "Prefix 2 repeats prefix 1"),
                new Refusal<>(
                        dest(List.of("fd00::/8", "FD00:0::/8"), tcp, List.of("443")), p, "Prefix 2 repeats prefix 1"),
                new Refusal<>(dest(List.of("::ffff:10.0.0.0/104"), tcp, List.of("443")), p, "IPv4-mapped"),
                new Refusal<>(
                        dest(List.of("10.0.0.0"), tcp, List.of("443")), p, "Prefix 1: Address needs a prefix length"),
                new Refusal<>(dest(List.of("10.0.0.0/33"), tcp, List.of("443")), p, "Prefix 1: Prefix length"),
                new Refusal<>(dest(List.of("10.0.0.0/8", "<script>/8"), tcp, List.of("443")), p, "Prefix 2: "),
                new Refusal<>(
                        dest(List.of("10.0.0.0/8\u0000"), tcp, List.of("443")),
                        p,
                        "Prefix 1 contains a control character"),
                new Refusal<>(
                        new DestinationSpec("dest-ok", net, null, List.of()),
                        DestinationField.PROTOCOL,
                        "Choose a protocol"),
                new Refusal<>(dest(net, tcp, List.of()), o, "needs at least one port"),
                new Refusal<>(dest(net, AccessProtocol.UDP, List.of()), o, "needs at least one port"),
                new Refusal<>(dest(net, AccessProtocol.ANY, List.of("80")), o, "Only tcp and udp"),
                new Refusal<>(dest(net, AccessProtocol.ICMP, List.of("1")), o, "Only tcp and udp"),
                new Refusal<>(dest(net, tcp, List.of("0")), o, "Port 1: a port is a number between 1 and 65535"),
                new Refusal<>(dest(net, tcp, List.of("22", "65536")), o, "Port 2: a port must be between 1 and 65535"),
                new Refusal<>(dest(net, tcp, List.of("90-80")), o, "must not run backwards"),
                new Refusal<>(dest(net, tcp, List.of("443", "443")), o, "Port 2 repeats port 1"),
                new Refusal<>(dest(net, tcp, List.of("8000-8080", "8080")), o, "Port 2 overlaps port 1"),
                new Refusal<>(dest(net, tcp, List.of("22", "1-2-3")), o, "Port 2: "),
                new Refusal<>(dest(net, tcp, List.of("-1")), o, "Port 1: "),
                new Refusal<>(dest(net, tcp, List.of("+80")), o, "Port 1: "),
                new Refusal<>(dest(net, tcp, List.of("80\t")), o, "Port 1 contains a control character"),
                new Refusal<>(dest(net, tcp, Collections.nCopies(101, "1")), o, "At most 100 ports"));
    }

    @Test
    void every_hostile_destination_field_is_refused_on_its_field_and_nothing_is_stored() {
        long existing = fx.destination(AccessProtocol.TCP, List.of("22"), "10.249.0.0/16");
        var before = fx.tables();
        for (var refusal : hostileDestinations()) {
            for (boolean update : new boolean[] {false, true}) {
                assertThatThrownBy(() -> admin(() -> {
                            if (update) {
                                destinations.update(existing, refusal.spec());
                            } else {
                                destinations.create(refusal.spec());
                            }
                            return null;
                        }))
                        .as("%s (%s)", refusal.message(), update ? "update" : "create")
                        .isInstanceOfSatisfying(
                                InvalidInputException.class,
                                e -> assertThat(e.field()).isEqualTo(refusal.field()))
                        .hasMessageContaining(refusal.message())
                        .message()
                        .doesNotContain("<script>");
            }
        }
        assertThat(fx.tables()).isEqualTo(before);
    }

    @Test
    void a_destination_is_stored_canonical_and_sorted() {
        long id = admin(() -> destinations.create(new DestinationSpec(
                "  Web " + fx.suffix + "  ",
                List.of("FD00:1::/64", "10.2.0.0/16", "10.1.0.0/16"),
                AccessProtocol.TCP,
                List.of("8443", "80-90", "443"))));
        var row = jdbc.queryForMap("select name, prefixes, protocol, ports from destination where id = ?", id);
        assertThat(row.values())
                .containsExactly("Web " + fx.suffix, "10.1.0.0/16,10.2.0.0/16,fd00:1::/64", "TCP", "80-90,443,8443");
        assertThat(admin(() -> destinations.get(id)).settings().rule().toString())
                .isEqualTo("tcp 80-90,443,8443 10.1.0.0/16,10.2.0.0/16,fd00:1::/64");
    }

    // --- policies: hostile input ---------------------------------------------------------------------------------

    @Test
    void every_hostile_policy_field_is_refused_on_its_field_and_nothing_is_stored() {
        long network = fx.network(false);
        long destination = fx.destination(AccessProtocol.ANY, List.of(), "10.%d.1.0/24".formatted(fx.octet()));
        long user = fx.user("Someone");
        long existing = fx.policy(Set.of(network), Set.of(destination), List.of("ops"), Set.of());
        var nets = Set.of(network);
        var dests = Set.of(destination);
        var groups = List.of("engineering");
        var n = PolicyField.NAME;
        var g = PolicyField.GROUPS;
        var refusals = List.of(
                new Refusal<>(new PolicySpec("", true, nets, dests, groups, Set.of()), n, "Name is required"),
                new Refusal<>(new PolicySpec("a\rb", true, nets, dests, groups, Set.of()), n, "line break"),
                new Refusal<>(new PolicySpec("a\u200Bb", true, nets, dests, groups, Set.of()), n, "invisible"),
                new Refusal<>(new PolicySpec("y".repeat(65), true, nets, dests, groups, Set.of()), n, "at most 64"),
                new Refusal<>(
                        new PolicySpec("p", true, Set.of(), dests, groups, Set.of()),
                        PolicyField.NETWORKS,
                        "at least one network"),
                new Refusal<>(
                        new PolicySpec("p", true, Set.of(network, -5L), dests, groups, Set.of()),
                        PolicyField.NETWORKS,
                        "no longer exists"),
                new Refusal<>(
                        new PolicySpec("p", true, nets, Set.of(), groups, Set.of()),
                        PolicyField.DESTINATIONS,
                        "at least one destination"),
                new Refusal<>(
                        new PolicySpec("p", true, nets, Set.of(Long.MAX_VALUE), groups, Set.of()),
                        PolicyField.DESTINATIONS,
                        "no longer exists"),
                new Refusal<>(
                        new PolicySpec("p", true, nets, dests, List.of("ok", "a\u0000b"), Set.of()),
                        g,
                        "Group 2 contains a control character"),
                new Refusal<>(
                        new PolicySpec("p", true, nets, dests, List.of("a\nb"), Set.of()),
                        g,
                        "Group 1 contains a line break"),
                new Refusal<>(new PolicySpec("p", true, nets, dests, List.of("/"), Set.of()), g, "Group 1 is empty"),
                new Refusal<>(new PolicySpec("p", true, nets, dests, List.of("   "), Set.of()), g, "Group 1 is empty"),
                new Refusal<>(
                        new PolicySpec("p", true, nets, dests, List.of("g".repeat(257)), Set.of()), g, "at most 256"),
                new Refusal<>(
                        new PolicySpec("p", true, nets, dests, List.of("eng", "/eng"), Set.of()),
                        g,
                        "Group 2 repeats group 1"),
                new Refusal<>(
                        new PolicySpec("p", true, nets, dests, Collections.nCopies(101, "x"), Set.of()),
                        g,
                        "At most 100 groups"),
                new Refusal<>(
                        new PolicySpec("p", true, nets, dests, List.of(), Set.of()), g, "at least one group or user"),
                new Refusal<>(
                        new PolicySpec("p", true, nets, dests, List.of(), Set.of(user, 987654321L)),
                        PolicyField.USERS,
                        "does not exist"));
        var before = fx.tables();
        for (var refusal : refusals) {
            for (boolean update : new boolean[] {false, true}) {
                assertThatThrownBy(() -> admin(() -> {
                            if (update) {
                                policies.update(existing, refusal.spec());
                            } else {
                                policies.create(refusal.spec());
                            }
                            return null;
                        }))
                        .as("%s (%s)", refusal.message(), update ? "update" : "create")
                        .isInstanceOfSatisfying(
                                InvalidInputException.class,
                                e -> assertThat(e.field()).isEqualTo(refusal.field()))
                        .hasMessageContaining(refusal.message());
            }
        }
        assertThat(fx.tables()).isEqualTo(before);
    }

    @Test
    void a_group_with_a_leading_slash_is_stored_as_the_sign_in_records_it() {
        long network = fx.network(false);
        long destination = fx.destination(AccessProtocol.ICMP, List.of(), "10.%d.1.0/24".formatted(fx.octet()));
        long id = fx.policy(Set.of(network), Set.of(destination), List.of(" /Engineering ", "Domain Users"), Set.of());
        assertThat(jdbc.queryForList(
                        "select group_name from access_policy_group where policy_id = ? order by group_name",
                        String.class,
                        id))
                .containsExactly("Domain Users", "Engineering");
    }

    // --- audit ---------------------------------------------------------------------------------------------------

    @Test
    void creating_changing_and_deleting_is_audited_with_before_and_after() {
        long network = fx.network(false);
        var a = "10.%d.1.0/24".formatted(fx.octet());
        var b = "10.%d.2.0/24".formatted(fx.octet());
        var name = fx.name("audited");
        long destination = admin(
                () -> destinations.create(new DestinationSpec(name, List.of(a), AccessProtocol.TCP, List.of("80"))));
        assertThat(auditDetails("destination.created", "destination:" + destination))
                .isEqualTo("after=Destination[name=%s, prefixes=[%s], protocol=TCP, ports=[80]]".formatted(name, a));
        admin(() -> {
            destinations.update(destination, new DestinationSpec(name, List.of(b), AccessProtocol.UDP, List.of("53")));
            return null;
        });
        assertThat(auditDetails("destination.changed", "destination:" + destination))
                .isEqualTo("before=Destination[name=%s, prefixes=[%s], protocol=TCP, ports=[80]]".formatted(name, a)
                        + " after=Destination[name=%s, prefixes=[%s], protocol=UDP, ports=[53]]".formatted(name, b));

        var policyName = fx.name("audited-policy");
        long policy = admin(() -> policies.create(
                new PolicySpec(policyName, true, Set.of(network), Set.of(destination), List.of("eng"), Set.of())));
        assertThat(auditDetails("policy.created", "policy:" + policy))
                .isEqualTo(
                        "after=Policy[name=%s, enabled=true, networks=[%d], destinations=[%d], groups=[eng], users=[]]"
                                .formatted(policyName, network, destination));
        admin(() -> {
            policies.update(
                    policy,
                    new PolicySpec(
                            policyName, false, Set.of(network), Set.of(destination), List.of("ops"), Set.of(fx.admin)));
            return null;
        });
        assertThat(auditDetails("policy.changed", "policy:" + policy))
                .contains("before=Policy[name=%s, enabled=true".formatted(policyName))
                .contains("groups=[eng], users=[]]")
                .contains("after=Policy[name=%s, enabled=false".formatted(policyName))
                .contains("groups=[ops], users=[%d]]".formatted(fx.admin));

        // Still granted: refused, naming the policy, and nothing changes.
        var before = fx.tables();
        assertThatThrownBy(() -> admin(() -> {
                    destinations.delete(destination);
                    return null;
                }))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("still granted by the policy \"%s\"".formatted(policyName));
        assertThat(fx.tables()).isEqualTo(before);

        admin(() -> {
            policies.delete(policy);
            destinations.delete(destination);
            return null;
        });
        assertThat(auditDetails("policy.deleted", "policy:" + policy)).startsWith("before=Policy[name=" + policyName);
        assertThat(auditDetails("destination.deleted", "destination:" + destination))
                .startsWith("before=Destination[name=" + name);
        assertThat(jdbc.queryForObject(
                        "select count(*) from access_policy_network where policy_id = ?", Integer.class, policy))
                .isZero();
        assertThat(jdbc.queryForObject("select count(*) from destination where id = ?", Integer.class, destination))
                .isZero();
    }

    // --- authorization -------------------------------------------------------------------------------------------

    @Test
    void employees_and_approvers_may_neither_read_nor_write_and_auditors_only_read() {
        long network = fx.network(false);
        long destination = fx.destination(AccessProtocol.ANY, List.of(), "10.%d.1.0/24".formatted(fx.octet()));
        long policy = fx.policy(Set.of(network), Set.of(destination), List.of("eng"), Set.of());
        var destSpec = new DestinationSpec(fx.name("d"), List.of("10.9.0.0/16"), AccessProtocol.ANY, List.of());
        var policySpec =
                new PolicySpec(fx.name("p"), true, Set.of(network), Set.of(destination), List.of("x"), Set.of());
        List<Runnable> writes = List.of(
                () -> destinations.create(destSpec),
                () -> destinations.update(destination, destSpec),
                () -> destinations.delete(destination),
                () -> policies.create(policySpec),
                () -> policies.update(policy, policySpec),
                () -> policies.delete(policy));
        List<Runnable> reads = List.of(
                () -> destinations.list(PageRequest.of(0, 10)),
                () -> destinations.get(destination),
                () -> policies.list(PageRequest.of(0, 10)),
                () -> policies.get(policy));
        var before = fx.tables();
        for (var roles : List.of(new String[] {Roles.USER}, new String[] {Roles.USER, Roles.APPROVER})) {
            for (var call : concat(writes, reads)) {
                assertThatThrownBy(() -> AccessFixture.as(
                                fx.admin,
                                () -> {
                                    call.run();
                                    return null;
                                },
                                roles))
                        .isInstanceOf(AuthorizationDeniedException.class);
            }
        }
        for (var write : writes) {
            assertThatThrownBy(() -> AccessFixture.as(
                            fx.admin,
                            () -> {
                                write.run();
                                return null;
                            },
                            Roles.USER,
                            Roles.AUDITOR))
                    .isInstanceOf(AuthorizationDeniedException.class);
        }
        assertThat(fx.tables()).isEqualTo(before);
        var auditorSees = AccessFixture.as(fx.admin, () -> policies.get(policy), Roles.USER, Roles.AUDITOR);
        assertThat(auditorSees.destinations()).hasSize(1);
        assertThat(AccessFixture.as(fx.admin, () -> destinations.get(destination), Roles.USER, Roles.AUDITOR)
                        .id())
                .isEqualTo(destination);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        var all = new ArrayList<T>(a);
        all.addAll(b);
        return all;
    }

    // --- names unique ignoring case, also when requests race -----------------------------------------------------

    private static List<String> spellings(String lowerCase) {
        var upper = lowerCase.toUpperCase(Locale.ROOT);
        return List.of(
                lowerCase,
                upper,
                upper.charAt(0) + lowerCase.substring(1),
                lowerCase.substring(0, 4) + upper.substring(4),
                lowerCase.substring(0, 6) + upper.substring(6));
    }

    @Test
    void destinations_created_at_once_with_names_that_differ_only_in_case_store_one() {
        var name = "race-" + fx.suffix;
        var tries = spellings(name).stream()
                .<Callable<Long>>map(spelling -> () -> admin(() -> destinations.create(
                        new DestinationSpec(spelling, List.of("10.8.0.0/16"), AccessProtocol.ANY, List.of()))))
                .toList();

        var outcomes = Race.run(tries);

        Race.assertRefusedLikeOneByOne(outcomes, 1, DestinationField.NAME, "exists already");
        assertThat(jdbc.queryForObject("select count(*) from destination where lower(name) = ?", Integer.class, name))
                .isEqualTo(1);
    }

    @Test
    void policies_created_at_once_with_names_that_differ_only_in_case_store_one() {
        long network = fx.network(false);
        long destination = fx.destination(AccessProtocol.ANY, List.of(), "10.%d.1.0/24".formatted(fx.octet()));
        var name = "race-" + fx.suffix;
        var tries = spellings(name).stream()
                .<Callable<Long>>map(spelling -> () -> admin(() -> policies.create(new PolicySpec(
                        spelling, true, Set.of(network), Set.of(destination), List.of("eng"), Set.of()))))
                .toList();

        var outcomes = Race.run(tries);

        Race.assertRefusedLikeOneByOne(outcomes, 1, PolicyField.NAME, "exists already");
        assertThat(jdbc.queryForObject("select count(*) from access_policy where lower(name) = ?", Integer.class, name))
                .isEqualTo(1);
    }

    @Test
    void a_taken_name_is_refused_on_the_name_field_in_any_case() {
        long existing = fx.destination(AccessProtocol.ANY, List.of(), "10.7.0.0/16");
        var taken = admin(() -> destinations.get(existing)).name().toUpperCase(Locale.ROOT);
        assertThatThrownBy(() -> fx.asAdmin(() -> destinations.create(
                        new DestinationSpec(taken, List.of("10.6.0.0/16"), AccessProtocol.ANY, List.of()))))
                .isInstanceOfSatisfying(
                        ConflictException.class, e -> assertThat(e.field()).isEqualTo(DestinationField.NAME))
                .hasMessageContaining("exists already");
    }

    // --- what devices reach --------------------------------------------------------------------------------------

    @Test
    void bob_in_engineering_reaches_destination_a_only_and_alice_both() {
        long network = fx.network(false);
        int n = fx.octet();
        long a = fx.destination(AccessProtocol.TCP, List.of("8080"), "10.%d.1.0/24".formatted(n));
        long b = fx.destination(AccessProtocol.TCP, List.of("443"), "10.%d.2.0/24".formatted(n));
        long bob = fx.user("Bob");
        long alice = fx.user("Alice");
        fx.groups(bob, "engineering");
        fx.groups(alice, "engineering");
        long bobsDevice = fx.device(bob, network);
        long alicesDevice = fx.device(alice, network);
        // Nothing yet: a new network starts default-deny.
        assertThat(grants.grant(bobsDevice)).isNull();

        long engineering = fx.policy(Set.of(network), Set.of(a), List.of("/engineering"), Set.of());
        long onlyAlice = fx.policy(Set.of(network), Set.of(b), List.of(), Set.of(alice));

        assertThat(grants.explain(bobsDevice))
                .extracting(AccessGrants.Granted::policyId, AccessGrants.Granted::destinationId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(engineering, a));
        assertThat(String.valueOf(grants.grant(bobsDevice)))
                .contains("tcp 8080 10.%d.1.0/24".formatted(n))
                .doesNotContain("10.%d.2.0/24".formatted(n));
        assertThat(grants.explain(alicesDevice))
                .extracting(AccessGrants.Granted::policyId, AccessGrants.Granted::destinationId)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(engineering, a),
                        org.assertj.core.groups.Tuple.tuple(onlyAlice, b));
        assertThat(grants.activeDevices(List.of(network))).containsOnlyKeys(bobsDevice, alicesDevice);

        // Disabling the group's policy takes A from both; alice keeps B.
        var spec = PolicySpec.of(admin(() -> policies.get(engineering)).settings());
        admin(() -> {
            policies.update(
                    engineering,
                    new PolicySpec(
                            spec.name(),
                            false,
                            spec.networkIds(),
                            spec.destinationIds(),
                            spec.groups(),
                            spec.userIds()));
            return null;
        });
        assertThat(grants.grant(bobsDevice)).isNull();
        assertThat(grants.explain(alicesDevice))
                .extracting(AccessGrants.Granted::destinationId)
                .containsExactly(b);

        // Editing B's ports changes what alice reaches at once.
        var bSpec = DestinationSpec.of(admin(() -> destinations.get(b)).settings());
        admin(() -> {
            destinations.update(
                    b, new DestinationSpec(bSpec.name(), bSpec.prefixes(), AccessProtocol.UDP, List.of("53")));
            return null;
        });
        assertThat(String.valueOf(grants.grant(alicesDevice))).contains("udp 53 10.%d.2.0/24".formatted(n));
    }

    @Test
    void an_open_network_grants_its_routes_until_an_enabled_policy_names_it() {
        long network = fx.network(true);
        int n = fx.octet();
        long bob = fx.user("Bob");
        long device = fx.device(bob, network);
        assertThat(grants.explain(device)).singleElement().satisfies(g -> {
            assertThat(g.openNetwork()).isTrue();
            assertThat(g.rule().toString()).isEqualTo("any - 10.%d.0.0/16".formatted(n));
        });

        long other = fx.user("Other");
        long a = fx.destination(AccessProtocol.ICMP, List.of(), "10.%d.1.0/24".formatted(n));
        fx.policy(Set.of(network), Set.of(a), List.of(), Set.of(other));

        assertThat(grants.grant(device)).isNull();
    }
}
