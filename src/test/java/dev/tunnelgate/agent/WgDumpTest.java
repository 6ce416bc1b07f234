package dev.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WgDumpTest {
    static final String PRIVATE = "OHrTqHPLENRgN69NmKN8U9f9FQlVfEN6DNTvLqNh4kg=";
    static final String SELF = "/vw0vE0vBQ4BXvf1Y/ERdY/dFxGaDuz1M/iB/+kvS2k=";
    static final String A = "wbsIjWAYGPLVouGun0ms+c23qyu9hlUdmTL7+xkfdSg=";
    static final String B = "AZZdicTC5TDC7x1aSXbo5eI7lv9WxqWdP6+KPD6lXVg=";
    static final String C = "YKo4f6HLK0YyJf+Dcin7E6YrBc0OLuarFzEYZyIDZRs=";
    static final String PSK = "F/1btqSG5+THxuY1QNqaSqsZ8l7EwR2EU48ou5IQkv4=";

    static final String DUMP = String.join(
                    "\n",
                    String.join("\t", PRIVATE, SELF, "51820", "off"),
                    String.join(
                            "\t",
                            A,
                            PSK,
                            "192.0.2.7:40001",
                            "10.0.0.2/32,fd00::2/128",
                            "1763790000",
                            "1234",
                            "5678",
                            "25"),
                    String.join("\t", B, "(none)", "(none)", "(none)", "0", "0", "0", "off"),
                    String.join(
                            "\t",
                            C,
                            "(none)",
                            "[2001:db8::9]:51820",
                            "fd00:0:0:1::/64,::1.2.3.4/128,0.0.0.0/0",
                            "0",
                            "0",
                            "0",
                            "off"))
            + "\n";

    @Test
    void the_interface_line_gives_public_key_and_port_but_the_private_key_is_dropped() {
        InterfaceState state = WgDump.parse(DUMP);

        assertThat(state.publicKey()).isEqualTo(SELF);
        assertThat(state.listenPort()).isEqualTo(51820);
        assertThat(state.toString()).doesNotContain(PRIVATE);
    }

    @Test
    void a_peer_line_gives_key_preshared_key_presence_endpoint_routes_handshake_and_counters() {
        PeerState a = WgDump.parse(DUMP).peers().get(A);

        assertThat(a)
                .isEqualTo(new PeerState(
                        A,
                        PresharedKeyDigest.of(PSK),
                        List.of("10.0.0.2/32", "fd00::2/128"),
                        "192.0.2.7:40001",
                        Instant.ofEpochSecond(1763790000),
                        1234,
                        5678));
        assertThat(a.hasPresharedKey()).isTrue();
        assertThat(a.toString()).doesNotContain(PSK);
    }

    @Test
    void none_fields_become_absent_values() {
        PeerState b = WgDump.parse(DUMP).peers().get(B);

        assertThat(b.hasPresharedKey()).isFalse();
        assertThat(b.endpoint()).isNull();
        assertThat(b.allowedIps()).isEmpty();
        assertThat(b.latestHandshake()).isNull();
    }

    @Test
    void ipv6_endpoints_and_several_allowed_ips_are_kept_in_canonical_spelling() {
        PeerState c = WgDump.parse(DUMP).peers().get(C);

        assertThat(c.endpoint()).isEqualTo("[2001:db8::9]:51820");
        assertThat(c.allowedIps()).containsExactly("fd00:0:0:1::/64", "::102:304/128", "0.0.0.0/0");
    }

    @Test
    void an_interface_without_keys_or_peers_parses_as_empty() {
        InterfaceState state = WgDump.parse("(none)\t(none)\t0\toff\n");

        assertThat(state.publicKey()).isEmpty();
        assertThat(state.peers()).isEmpty();
    }

    @Test
    void a_line_with_the_wrong_number_of_fields_is_rejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WgDump.parse(DUMP + A + "\t(none)\n"))
                .withMessageContaining("line 5");
    }

    @Test
    void a_peer_key_that_is_not_a_key_is_rejected() {
        String bad = String.join("\t", "not-a-key", "(none)", "(none)", "(none)", "0", "0", "0", "off");

        assertThatIllegalArgumentException().isThrownBy(() -> WgDump.parse(DUMP + bad + "\n"));
    }
}
