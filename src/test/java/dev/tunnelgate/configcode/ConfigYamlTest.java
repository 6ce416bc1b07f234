package dev.tunnelgate.configcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.configcode.ConfigFile.DestinationEntry;
import dev.tunnelgate.configcode.ConfigFile.GroupEntry;
import dev.tunnelgate.configcode.ConfigFile.NetworkEntry;
import dev.tunnelgate.configcode.ConfigFile.PolicyEntry;
import dev.tunnelgate.configcode.ConfigFile.UserEntry;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.TunnelMode;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.text.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigYamlTest {
    private static InvalidInputException refusal(String yaml) {
        var thrown = org.assertj.core.api.Assertions.catchThrowable(() -> ConfigYaml.parse(yaml));
        assertThat(thrown).isInstanceOf(InvalidInputException.class);
        return (InvalidInputException) thrown;
    }

    private static String field(InvalidInputException e) {
        return e.field() == null ? "" : e.field().apiName();
    }

    @Test
    void a_rendered_file_reads_back_as_the_same_document() {
        var file = new ConfigFile(
                1,
                false,
                List.of(new NetworkEntry(
                        "Office: HQ #1",
                        "10.10.0.0/16",
                        "fd00:10::/64",
                        List.of("10.10.0.1", "fd00:10::1"),
                        List.of("::1", "9.9.9.9"),
                        1420,
                        25,
                        "vpn.example.com:51820",
                        null,
                        TunnelMode.SPLIT,
                        List.of("10.10.0.0/16", "::/0"),
                        ApprovalMode.GROUPS,
                        List.of("yes", "null", "- a", "true", "#staff", "'quoted'", "\"double\""),
                        5,
                        true,
                        30,
                        null,
                        null,
                        24)),
                List.of(new DestinationEntry(
                        "443", List.of("10.20.0.0/16"), AccessProtocol.TCP, List.of("443", "8000-8080"))),
                List.of(new PolicyEntry(
                        "Staff: intranet",
                        true,
                        List.of("Office: HQ #1"),
                        List.of("443"),
                        List.of("staff", "~"),
                        List.of(new UserEntry("https://idp.example.com/realms/x", "0042")))),
                List.of(new GroupEntry("Main", "[fd00::1]:51820", 51820, null, List.of("Office: HQ #1"))));

        var text = ConfigYaml.render(file);
        var read = ConfigYaml.parse(text);

        assertThat(text).startsWith("# Tunnelgate configuration").contains("schemaVersion: 1");
        assertThat(ConfigYaml.render(read)).isEqualTo(text);
        assertThat(read.networks()).containsExactlyElementsOf(file.networks());
        assertThat(read.destinations()).containsExactlyElementsOf(file.destinations());
        assertThat(read.policies()).containsExactlyElementsOf(file.policies());
        assertThat(read.gatewayGroups()).containsExactlyElementsOf(file.gatewayGroups());
    }

    @Test
    void unknown_keys_are_refused_with_their_place_and_the_known_keys() {
        var e = refusal("schemaVersion: 1\nnetworks:\n  - name: a\n    mtus: 1400\n");
        assertThat(field(e)).isEqualTo("networks[0]");
        assertThat(e.getMessage()).contains("unknown key \"mtus\"", "known keys:", "mtu");

        assertThat(field(refusal("schemaVersion: 1\nnetwork: []\n"))).isEqualTo("file");
    }

    @Test
    void values_of_the_wrong_type_are_refused_with_their_place_without_repeating_them() {
        var e = refusal("schemaVersion: 1\nnetworks:\n  - name: a\n    mtu: secret-value\n");
        assertThat(field(e)).isEqualTo("networks[0].mtu");
        assertThat(e.getMessage()).contains("a whole number").doesNotContain("secret-value");

        assertThat(refusal("schemaVersion: 1\nnetworks:\n  - name: a\n    mtu: 1420.5\n")
                        .getMessage())
                .contains("networks[0].mtu", "whole number");
        assertThat(refusal("schemaVersion: 1\nnetworks:\n  - name: a\n    mtu: 99999999999\n")
                        .getMessage())
                .contains("networks[0].mtu");
        assertThat(refusal("schemaVersion: 1\nnetworks:\n  - name: a\n    tunnelMode: half\n")
                        .getMessage())
                .contains("networks[0].tunnelMode", "one of SPLIT, FULL");
        assertThat(field(refusal("schemaVersion: 1\nnetworks: Office\n"))).isEqualTo("networks");
        assertThat(field(refusal("schemaVersion: 1\nnetworks:\n  - name: [a, b]\n")))
                .isEqualTo("networks[0].name");
        assertThat(field(refusal("schemaVersion: 1\npolicies:\n  - name: p\n    enabled: maybe\n")))
                .isEqualTo("policies[0].enabled");
        assertThat(field(refusal("- a\n- b\n"))).isEqualTo("file");
    }

    @Test
    void empty_list_items_are_refused_with_their_place() {
        assertThat(field(refusal("schemaVersion: 1\nnetworks:\n  - name: a\n    dnsServers: [9.9.9.9, null]\n")))
                .isEqualTo("networks[0].dnsServers[1]");
        assertThat(field(refusal("schemaVersion: 1\ndestinations:\n  -\n"))).startsWith("destinations");
    }

    @Test
    void a_key_twice_is_refused() {
        var e = refusal("schemaVersion: 1\nnetworks:\n  - name: a\n    name: b\n");
        assertThat(e.getMessage()).contains("\"name\" appears twice", "line 4");
        assertThat(refusal("schemaVersion: 1\nschemaVersion: 1\n").getMessage()).contains("appears twice");
    }

    @Test
    void aliases_and_tags_are_refused_so_no_alias_bomb_expands() {
        var bomb = new StringBuilder(
                "schemaVersion: 1\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            bomb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                bomb.append(i == 0 ? "" : ",").append('*').append((char) (c - 1));
            }
            bomb.append("]\n");
        }
        assertThat(refusal(bomb.toString()).getMessage()).contains("aliases");
        assertThat(refusal("schemaVersion: 1\nnetworks:\n  - name: &n a\n  - name: *n\n")
                        .getMessage())
                .contains("aliases", "line 4");
        assertThat(refusal("schemaVersion: !!str 1\n").getMessage()).contains("tags");
        assertThat(refusal("schemaVersion: 1\nnetworks: !!java.util.ArrayList []\n")
                        .getMessage())
                .contains("tags");
    }

    @Test
    void malformed_empty_deep_and_multi_document_files_are_refused() {
        var malformed = refusal("schemaVersion: 1\nnetworks:\n  - name: a\n   mtu: [1\n");
        assertThat(field(malformed)).isEqualTo("file");
        assertThat(malformed.getMessage()).contains("line");
        assertThat(refusal("").getMessage()).contains("empty");
        assertThat(refusal("# only a comment\n").getMessage()).contains("empty");
        assertThat(refusal("schemaVersion: 1\nnetworks: " + "[".repeat(100) + "]".repeat(100) + "\n")
                        .getMessage())
                .contains("nested deeper than 16");
        assertThat(refusal("schemaVersion: 1\n---\nschemaVersion: 1\n").getMessage())
                .contains("more than one YAML document");
        assertThat(refusal("schemaVersion: 1\n\tnetworks: []\n").getMessage()).contains("not valid YAML");
    }

    @Test
    void a_file_over_one_mebibyte_is_refused_before_it_is_read() {
        var big = "schemaVersion: 1\n# " + "x".repeat(ConfigYaml.MAX_BYTES) + "\n";
        assertThat(refusal(big).getMessage()).contains("larger than 1 MiB");
        // Multi-byte characters count as their UTF-8 bytes.
        var wide = "schemaVersion: 1\n# " + "\u00e9".repeat(ConfigYaml.MAX_BYTES / 2) + "\n";
        assertThat(refusal(wide).getMessage()).contains("larger than 1 MiB");
    }

    @Test
    void control_characters_in_keys_are_not_repeated() {
        assertThatThrownBy(() -> ConfigYaml.parse("schemaVersion: 1\n\"evil\\u001b[2Jkey\": 1\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageNotContaining("\u001b");
    }
}
