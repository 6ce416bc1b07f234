package dev.tunnelgate.configcode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.configcode.ConfigState.StoredDestination;
import dev.tunnelgate.configcode.ConfigState.StoredGroup;
import dev.tunnelgate.configcode.ConfigState.StoredNetwork;
import dev.tunnelgate.configcode.ConfigState.StoredPolicy;
import dev.tunnelgate.networks.NetworkLifecycle;
import dev.tunnelgate.policy.DestinationSpec;
import dev.tunnelgate.policy.PolicySettings;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.testing.TestNetworks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The example file of the README is one the portal takes, and means what the README says. */
class ReadmeExampleTest {
    @Test
    void the_readme_example_creates_its_objects_on_an_empty_portal() throws IOException {
        var readme = Files.readString(Path.of("README.md"));
        var section = readme.substring(readme.indexOf("## Configuration as code"));
        var start = section.indexOf("```yaml\n") + "```yaml\n".length();
        var example = section.substring(start, section.indexOf("```", start));
        var empty = new ConfigState(List.of(), List.of(), List.of(), List.of(), Map.of());

        var plan = ConfigPlanner.plan(ConfigYaml.parse(example), empty, (issuer, subject) -> Optional.of(7L));

        assertThat(plan.diff().changes())
                .extracting(c -> c.kind() + " " + c.action() + " " + c.name())
                .containsExactly(
                        "network create Lab",
                        "network create Office",
                        "destination create Intranet",
                        "gatewayGroup create Main",
                        "policy create Staff to intranet");
        var office = plan.networks().stream()
                .filter(n -> n.key().equals("office"))
                .findFirst()
                .orElseThrow();
        assertThat(office.spec().endpoint()).as("from its gateway group").isEqualTo("vpn.example.com:51820");
        assertThat(office.lifecycleChanged()).isTrue();
        // References to objects the file creates read as their names.
        assertThat(plan.diff().changes().getLast().fields())
                .contains(
                        new FieldChange("networks", null, "[Office]"),
                        new FieldChange("destinations", null, "[Intranet]"));
    }

    @Test
    void the_readme_diff_text_is_what_diff_prints() throws IOException {
        var readme = Files.readString(Path.of("README.md"));
        var section = readme.substring(readme.indexOf("same for people:"));
        var start = section.indexOf("  ```\n") + "  ```\n".length();
        var shown = section.substring(start, section.indexOf("  ```", start))
                .lines()
                .map(line -> line.substring(2))
                .collect(Collectors.joining("\n", "", "\n"));
        var networks = List.of("Lab", "Office", "Branch", "Spare").stream()
                .map(name -> new StoredNetwork(
                        name.length(),
                        TestNetworks.network(name, "10.%d.0.0/16".formatted(name.length()), b -> b)
                                .validate(),
                        NetworkLifecycle.DEFAULT))
                .toList();
        var intranet = new StoredDestination(
                10, new DestinationSpec("Intranet", List.of("10.20.0.0/16"), AccessProtocol.ANY, List.of()).validate());
        var state = new ConfigState(
                networks,
                List.of(intranet),
                List.of(new StoredGroup(20, "Main", "vpn.example.com:51820", 51820, null, List.of(6L))),
                List.of(
                        new StoredPolicy(
                                30, new PolicySettings("A", true, Set.of(6L), Set.of(10L), Set.of("a"), Set.of())),
                        new StoredPolicy(
                                31, new PolicySettings("B", true, Set.of(6L), Set.of(10L), Set.of("b"), Set.of()))),
                Map.of());
        var file = """
                schemaVersion: 1
                networks:
                  - name: Lab
                    ipv4Pool: 10.3.0.0/16
                    tunnelMode: FULL
                    endpoint: 127.0.0.1:51820
                    mtu: 1380
                destinations:
                  - name: Printers
                    prefixes: [10.20.9.0/24]
                    protocol: ANY
                """;

        var plan = ConfigPlanner.plan(ConfigYaml.parse(file), state, (issuer, subject) -> Optional.empty());

        assertThat(plan.diff().text(false)).isEqualTo(shown);
    }
}
