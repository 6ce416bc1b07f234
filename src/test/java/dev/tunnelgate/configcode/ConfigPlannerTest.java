package dev.tunnelgate.configcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tunnelgate.configcode.ConfigFile.UserEntry;
import dev.tunnelgate.configcode.ConfigState.StoredDestination;
import dev.tunnelgate.configcode.ConfigState.StoredGroup;
import dev.tunnelgate.configcode.ConfigState.StoredNetwork;
import dev.tunnelgate.configcode.ConfigState.StoredPolicy;
import dev.tunnelgate.networks.NetworkLifecycle;
import dev.tunnelgate.policy.DestinationSpec;
import dev.tunnelgate.policy.PolicySettings;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The comparison of a file with what is stored, without a database: canonical forms, changes, refusals. */
class ConfigPlannerTest {
    private static final String ISSUER = "https://idp.test";
    private static final String KEY = TestNetworks.newGatewayKey();

    private final ConfigState state = new ConfigState(
            List.of(
                    new StoredNetwork(
                            1,
                            TestNetworks.network("Office", "10.10.0.0/16", b -> b.split("10.10.0.0/16", "10.50.0.0/16"))
                                    .validate(),
                            NetworkLifecycle.DEFAULT),
                    new StoredNetwork(
                            2,
                            TestNetworks.network("Lab", "10.30.0.0/16", b -> b).validate(),
                            new NetworkLifecycle(90, null, null, 24)),
                    new StoredNetwork(
                            3,
                            TestNetworks.network("Spare", "10.40.0.0/16", b -> b)
                                    .validate(),
                            NetworkLifecycle.DEFAULT)),
            List.of(
                    new StoredDestination(
                            10,
                            new DestinationSpec("Web", List.of("10.50.0.0/16"), AccessProtocol.TCP, List.of("443"))
                                    .validate()),
                    new StoredDestination(
                            11,
                            new DestinationSpec("Ping", List.of("10.50.0.0/16"), AccessProtocol.ICMP, List.of())
                                    .validate())),
            List.of(new StoredGroup(30, "Main", "vpn.example.com:51820", 51820, KEY, List.of(1L))),
            List.of(
                    new StoredPolicy(
                            20,
                            new PolicySettings("Staff", true, Set.of(1L), Set.of(10L), Set.of("staff"), Set.of(7L))),
                    new StoredPolicy(
                            21, new PolicySettings("Ops", false, Set.of(2L), Set.of(11L), Set.of("ops"), Set.of()))),
            Map.of(7L, new UserEntry(ISSUER, "alice")));

    private ConfigPlan plan(String yaml) {
        return ConfigPlanner.plan(
                ConfigYaml.parse(yaml),
                state,
                (issuer, subject) ->
                        issuer.equals(ISSUER) && subject.equals("alice") ? Optional.of(7L) : Optional.empty());
    }

    private InvalidInputException refusal(String yaml) {
        var thrown = catchThrowable(() -> plan(yaml));
        assertThat(thrown).isInstanceOf(InvalidInputException.class);
        return (InvalidInputException) thrown;
    }

    private static String field(InvalidInputException e) {
        return e.field() == null ? "" : e.field().apiName();
    }

    @Test
    void the_export_compared_with_the_state_it_came_from_has_no_changes() {
        var export = ConfigYaml.render(state.export());

        var plan = plan(export);

        assertThat(plan.diff().changes()).isEmpty();
        assertThat(plan.networks()).isEmpty();
        assertThat(plan.diff().leftAlone()).containsValues(0).doesNotContainValue(1);
        assertThat(plan.diff().text(false)).contains("No changes");
        // Stable: names in order, a served network without endpoint and key of its own, secrets nowhere.
        assertThat(export.indexOf("name: Lab")).isLessThan(export.indexOf("name: Office"));
        assertThat(export).contains("publicKey: " + KEY).doesNotContain("presharedKey", "credential", "privateKey");
        var office = export.substring(export.indexOf("name: Office"), export.indexOf("name: Spare"));
        assertThat(office).doesNotContain("endpoint", "gatewayPublicKey");
    }

    @Test
    void other_spellings_of_the_same_values_are_no_change() {
        var plan = plan("""
                schemaVersion: 1
                networks:
                  - name: " Lab "
                    ipv4Pool: 10.30.0.0/16
                    tunnelMode: full
                    endpoint: 127.0.0.1:51820
                    expireAfterDays: 90
                destinations:
                  - name: web
                    prefixes: [10.50.0.0/16]
                    protocol: tcp
                    ports: [443]
                policies:
                  - name: STAFF
                    networks: [office]
                    destinations: [WEB]
                    groups: [/staff]
                    users: [{issuer: "https://idp.test", subject: alice}]
                gatewayGroups:
                  - name: main
                    endpoint: vpn.example.com:51820
                    networks: [OFFICE, Office]
                """);

        // Case differences in the objects' own names are renames (names keep the file's case); none else.
        assertThat(plan.diff().changes())
                .extracting(c -> c.kind() + " " + c.name() + " " + c.fields())
                .containsExactlyInAnyOrder(
                        "destination web [FieldChange[field=name, before=Web, after=web]]",
                        "gatewayGroup main [FieldChange[field=name, before=Main, after=main]]",
                        "policy STAFF [FieldChange[field=name, before=Staff, after=STAFF]]");
    }

    @Test
    void changes_are_listed_key_by_key_and_objects_not_in_the_file_are_left_alone() {
        var plan = plan("""
                schemaVersion: 1
                networks:
                  - name: Lab
                    ipv4Pool: 10.30.0.0/16
                    tunnelMode: FULL
                    endpoint: 127.0.0.1:51820
                    mtu: 1380
                  - name: Branch
                    ipv4Pool: 10.60.0.0/16
                    allowedIps: [10.60.0.0/16]
                    endpoint: branch.example.com:51820
                policies:
                  - name: Branch staff
                    networks: [Branch]
                    destinations: [Web]
                    groups: [staff]
                """);

        assertThat(plan.diff().changes())
                .extracting(c -> c.kind() + " " + c.action() + " " + c.name())
                .containsExactly("network create Branch", "network update Lab", "policy create Branch staff");
        var lab = plan.diff().changes().get(1);
        assertThat(lab.fields())
                .containsExactly(
                        new FieldChange("mtu", "1420", "1380"), new FieldChange("expireAfterDays", "90", null));
        assertThat(plan.networks())
                .filteredOn(s -> s.id() != null)
                .singleElement()
                .satisfies(step -> {
                    assertThat(step.settingsChanged()).isTrue();
                    assertThat(step.lifecycleChanged()).isTrue();
                });
        assertThat(plan.diff().leftAlone())
                .containsEntry("networks", 2)
                .containsEntry("destinations", 2)
                .containsEntry("gatewayGroups", 1)
                .containsEntry("policies", 2);
        assertThat(plan.diff().text(false))
                .contains("+ create network \"Branch\"", "    ipv4Pool: 10.60.0.0/16", "~ update network \"Lab\"")
                .contains("    mtu: 1420 -> 1380", "    expireAfterDays: 90 -> (none)", "3 changes to apply")
                .contains("Not in the file and left as they are: 2 networks, 2 destinations, 1 gateway group");
    }

    @Test
    void prune_deletes_the_destinations_and_policies_of_the_kinds_the_file_lists() {
        var plan = plan("""
                schemaVersion: 1
                prune: true
                destinations:
                  - name: Web
                    prefixes: [10.50.0.0/16]
                    protocol: TCP
                    ports: ["443"]
                policies: []
                """);

        assertThat(plan.diff().changes())
                .extracting(c -> c.kind() + " " + c.action() + " " + c.name())
                .containsExactly("destination delete Ping", "policy delete Ops", "policy delete Staff");
        assertThat(plan.policyDeletions()).extracting(ConfigPlan.Deletion::id).containsExactly(21L, 20L);
        assertThat(plan.destinationDeletions())
                .extracting(ConfigPlan.Deletion::id)
                .containsExactly(11L);
        // Networks and gateway groups are never deleted.
        assertThat(plan.diff().leftAlone()).containsEntry("networks", 3).containsEntry("gatewayGroups", 1);

        // A kind the file does not list is left alone, even with prune.
        assertThat(plan("schemaVersion: 1\nprune: true\npolicies: []\n").diff().changes())
                .extracting(ConfigChange::kind)
                .containsOnly("policy");
    }

    @Test
    void prune_refuses_to_delete_a_destination_that_a_remaining_policy_grants() {
        var e = refusal("schemaVersion: 1\nprune: true\ndestinations: []\n");
        assertThat(e).isInstanceOf(ConflictException.class);
        assertThat(e.getMessage()).contains("prune would delete the destination \"Ping\"", "\"Ops\"");

        var inFile = refusal("""
                schemaVersion: 1
                prune: true
                destinations: []
                policies:
                  - name: Staff
                    networks: [Office]
                    destinations: [Web]
                    groups: [staff]
                """);
        assertThat(field(inFile)).isEqualTo("policies[0].destinations[0]");
    }

    @Test
    void a_group_without_a_public_key_in_the_file_keeps_the_one_it_has() {
        var plan = plan("""
                schemaVersion: 1
                gatewayGroups:
                  - name: Main
                    endpoint: vpn.example.com:51820
                    networks: [Office, Lab]
                """);

        var change = plan.diff().changes().getFirst();
        assertThat(change.fields()).containsExactly(new FieldChange("networks", "[Office]", "[Lab, Office]"));
        assertThat(plan.groups().getFirst().publicKey()).isNull();
        assertThat(plan.groups().getFirst().releases()).isFalse();
    }

    @Test
    void the_services_validators_refuse_values_at_their_place_in_the_file() {
        var e = refusal("""
                schemaVersion: 1
                networks:
                  - name: Lab
                    ipv4Pool: 10.30.0.0/16
                    tunnelMode: FULL
                    endpoint: 127.0.0.1:51820
                    mtu: 100
                """);
        assertThat(field(e)).isEqualTo("networks[0].mtu");
        assertThat(e.getMessage()).startsWith("networks[0].mtu: ").contains("1280");

        assertThat(field(
                        refusal("schemaVersion: 1\nnetworks:\n  - name: X\n    tunnelMode: FULL\n    endpoint: a:1\n")))
                .isEqualTo("networks[0].ipv4Pool");
        assertThat(field(refusal("schemaVersion: 1\ndestinations:\n  - name: D\n    prefixes: [10.0.0.1/8]\n")))
                .isEqualTo("destinations[0].prefixes");
        assertThat(field(refusal(
                        "schemaVersion: 1\npolicies:\n  - name: P\n    networks: [Lab]\n    destinations: [Web]\n")))
                .isEqualTo("policies[0].groups");
        assertThat(field(refusal(
                        "schemaVersion: 1\ngatewayGroups:\n  - name: G\n    endpoint: g:1\n    listenPort: 0\n")))
                .isEqualTo("gatewayGroups[0].listenPort");
        assertThat(field(refusal("schemaVersion: 1\nnetworks:\n  - name: \"bad\\u202Ename\"\n")))
                .isEqualTo("networks[0].name");
        assertThat(field(refusal("schemaVersion: 1\ndestinations:\n  - name: " + "d".repeat(65)
                        + "\n    prefixes: [10.0.0.0/8]\n    protocol: ANY\n")))
                .isEqualTo("destinations[0].name");
    }

    @Test
    void names_twice_and_references_to_unknown_names_are_refused() {
        assertThat(refusal("schemaVersion: 1\ndestinations:\n  - name: A\n  - name: a\n")
                        .getMessage())
                .contains("destinations[1].name", "destinations[0] has this name too");
        assertThat(field(refusal("schemaVersion: 1\ndestinations:\n  - prefixes: [10.0.0.0/8]\n")))
                .isEqualTo("destinations[0].name");
        var unknown = refusal(
                "schemaVersion: 1\npolicies:\n  - name: P\n    networks: [Nowhere]\n    destinations: [Web]\n    groups: [g]\n");
        assertThat(field(unknown)).isEqualTo("policies[0].networks[0]");
        assertThat(unknown.getMessage()).contains("no network is named \"Nowhere\"");
        assertThat(
                        field(
                                refusal(
                                        "schemaVersion: 1\npolicies:\n  - name: P\n    networks: [Lab]\n    destinations: [Nothing]\n    groups: [g]\n")))
                .isEqualTo("policies[0].destinations[0]");
        assertThat(field(refusal(
                        "schemaVersion: 1\ngatewayGroups:\n  - name: G\n    endpoint: g:1\n    networks: [Nowhere]\n")))
                .isEqualTo("gatewayGroups[0].networks[0]");
        var user = refusal(
                "schemaVersion: 1\npolicies:\n  - name: P\n    networks: [Lab]\n    destinations: [Web]\n    users: [{issuer: \"https://idp.test\", subject: bob}]\n");
        assertThat(field(user)).isEqualTo("policies[0].users[0]");
        assertThat(user.getMessage()).contains("signed in");
    }

    @Test
    void a_network_has_one_gateway_group_which_sets_its_endpoint() {
        var twice = refusal("""
                schemaVersion: 1
                gatewayGroups:
                  - name: A
                    endpoint: a:1
                    networks: [Lab]
                  - name: B
                    endpoint: b:1
                    networks: [lab]
                """);
        assertThat(twice.getMessage()).contains("gatewayGroups[1].networks[0]", "\"Lab\"", "\"A\"");

        var servedElsewhere =
                refusal("schemaVersion: 1\ngatewayGroups:\n  - name: B\n    endpoint: b:1\n    networks: [Office]\n");
        assertThat(servedElsewhere).isInstanceOf(ConflictException.class);
        assertThat(servedElsewhere.getMessage()).contains("\"Main\"", "does not name");

        var ownEndpoint = refusal("""
                schemaVersion: 1
                networks:
                  - name: Office
                    ipv4Pool: 10.10.0.0/16
                    allowedIps: [10.10.0.0/16]
                    endpoint: elsewhere:1
                """);
        assertThat(field(ownEndpoint)).isEqualTo("networks[0].endpoint");
        assertThat(ownEndpoint.getMessage()).contains("\"Main\"", "leave them out");
    }

    @Test
    void a_network_a_group_lets_go_of_gets_its_own_endpoint_after_the_groups() {
        var plan = plan("""
                schemaVersion: 1
                networks:
                  - name: Office
                    ipv4Pool: 10.10.0.0/16
                    allowedIps: [10.10.0.0/16, 10.50.0.0/16]
                    tunnelMode: FULL
                    endpoint: office.example.com:51820
                gatewayGroups:
                  - name: Main
                    endpoint: vpn.example.com:51820
                    networks: []
                """);

        var office = plan.networks().getFirst();
        assertThat(office.released()).isTrue();
        assertThat(office.spec().endpoint()).isEqualTo("office.example.com:51820");
        assertThat(plan.groups().getFirst().releases()).isTrue();
        assertThat(plan.diff().changes().getFirst().fields())
                .contains(new FieldChange("endpoint", null, "office.example.com:51820"));
    }

    @Test
    void the_schema_version_is_required_and_checked() {
        assertThat(field(refusal("networks: []\n"))).isEqualTo("schemaVersion");
        assertThat(refusal("schemaVersion: 2\n").getMessage()).contains("version 1");
    }
}
