package dev.tunnelgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.tunnelgate.ip.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeerSpecTest {
    static final String KEY = "wbsIjWAYGPLVouGun0ms+c23qyu9hlUdmTL7+xkfdSg=";
    static final String PSK = "F/1btqSG5+THxuY1QNqaSqsZ8l7EwR2EU48ou5IQkv4=";

    @Test
    void a_well_formed_peer_keeps_its_key_preshared_key_and_allowed_ips() {
        var spec = new PeerSpec(KEY, PSK, List.of("10.0.0.2/32", "fd00::2/128"));

        assertThat(spec.publicKey()).isEqualTo(KEY);
        assertThat(spec.presharedKey()).isEqualTo(PSK);
        assertThat(spec.allowedIps()).containsExactly("10.0.0.2/32", "fd00::2/128");
    }

    @Test
    void a_peer_without_preshared_key_is_allowed() {
        assertThat(new PeerSpec(KEY, null, List.of("10.0.0.2/32")).hasPresharedKey())
                .isFalse();
    }

    @Test
    void to_string_never_shows_the_preshared_key() {
        var spec = new PeerSpec(KEY, PSK, List.of("10.0.0.2/32"));

        assertThat(spec.toString()).doesNotContain(PSK).contains(KEY).contains("<redacted>");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "wbsIjWAYGPLVouGun0ms+c23qyu9hlUdmTL7+xkfdSg=\n", // a trailing newline would start a new config line
                "wbsIjWAYGPLVouGun0ms+c23qyu9hlUdmTL7+xkfd\nSg=",
                "wbsIjWAYGPLVouGun0ms+c23qyu9hlUdmTL7+xkfdS =",
                " wbsIjWAYGPLVouGun0ms+c23qyu9hlUdmTL7+xkfdSg=",
                "wbsIjWAYGPLVouGun0ms+c23qyu9hlUdmTL7+xkfdSgA=", // 45 characters
                "wbsIjWAYGPLVouGun0ms+c23qyu9hlUdmTL7+xkfdS=", // 43 characters
                "wbsIjWAYGPLVouGun0ms+c23qyu9hlUdmTL7+xkfdSh=", // non-canonical: padding bits set
                "wbsIjWAYGPLVouGun0ms-c23qyu9hlUdmTL7_xkfdSg=", // URL-safe alphabet
                "",
                "--help"
            })
    void a_malformed_public_key_is_rejected(String key) {
        assertThatIllegalArgumentException().isThrownBy(() -> new PeerSpec(key, null, List.of("10.0.0.2/32")));
    }

    @Test
    void a_malformed_preshared_key_is_rejected_without_echoing_it() {
        String hostile = PSK.substring(0, 43) + "\n";

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PeerSpec(KEY, hostile, List.of("10.0.0.2/32")))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PSK.substring(0, 43)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "10.0.0.2",
                "10.0.0.2/33",
                "10.0.0.256/32",
                "10.0.0.5/24",
                "010.0.0.2/32",
                "10.0.0.2/032",
                "10.0.0.2/32\n",
                "10.0.0.2/32 ",
                "10.0.0.2/32,10.0.0.3/32",
                "10.0.0.2/-1",
                "fd00::2/129",
                "fd00::1/64",
                "fd00:::2/128",
                "fd00::2%eth0/128",
                "::ffff:10.0.0.2/128",
                "localhost/32",
                "example.com/32",
                "[fd00::2]/128",
                "1.2.3/24",
                ""
            })
    void a_malformed_allowed_ip_is_rejected(String ip) {
        assertThatIllegalArgumentException().isThrownBy(() -> new PeerSpec(KEY, null, List.of(ip)));
    }

    @Test
    void allowed_ips_are_stored_in_the_spelling_wg_show_prints() {
        var spec = new PeerSpec(
                KEY, null, List.of("FD00:0:0:0:0:0:0:2/128", "2001:db8:0:0:1:0:0:0/80", "0.0.0.0/0", "::/0"));

        assertThat(spec.allowedIps()).containsExactly("fd00::2/128", "2001:db8:0:0:1::/80", "0.0.0.0/0", "::/0");
    }

    @Test
    void a_single_zero_group_is_not_shortened_as_rfc_5952_asks() {
        assertThat(IpPrefix.parseNetwork("2001:db8:0:1:1:1:1:1/128")).hasToString("2001:db8:0:1:1:1:1:1/128");
    }

    @Test
    void the_dotted_ipv6_spelling_of_wg_show_is_understood() {
        assertThat(IpPrefix.parseNetwork("::1.2.3.4/128"))
                .isEqualTo(IpPrefix.parseNetwork("::102:304/128"))
                .hasToString("::102:304/128");
    }

    @Test
    void duplicate_or_missing_allowed_ips_are_rejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PeerSpec(KEY, null, List.of("10.0.0.2/32", "10.0.0.2/32")));
        assertThatIllegalArgumentException().isThrownBy(() -> new PeerSpec(KEY, null, List.of()));
    }

    @Test
    void more_allowed_ips_than_one_argument_can_carry_are_rejected() {
        var many = new ArrayList<String>();
        for (int i = 0; i <= PeerSpec.MAX_ALLOWED_IPS; i++) {
            many.add("10.%d.%d.0/24".formatted(i / 256, i % 256));
        }

        assertThatIllegalArgumentException().isThrownBy(() -> new PeerSpec(KEY, null, many));
    }
}
