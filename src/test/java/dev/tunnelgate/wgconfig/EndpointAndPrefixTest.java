package dev.tunnelgate.wgconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.ip.InvalidAddressException;
import dev.tunnelgate.ip.IpPrefix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointAndPrefixTest {

    @ParameterizedTest
    @CsvSource({
        "vpn.example.com:51820, vpn.example.com:51820",
        "192.0.2.1:1, 192.0.2.1:1",
        "[2001:DB8::0:1]:65535, [2001:db8::1]:65535",
        "gw-1:443, gw-1:443"
    })
    void parses_endpoints_into_canonical_form(String text, String rendered) {
        assertThat(Endpoint.parse(text)).hasToString(rendered);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "vpn.example.com",
                "vpn.example.com:0",
                "vpn.example.com:65536",
                "vpn.example.com:+80",
                "vpn.example.com:051820",
                "2001:db8::1:51820",
                "[2001:db8::1]51820",
                "[192.0.2.1]:51820",
                "[::1:51820",
                "vpn_example.com:51820",
                "-vpn.example.com:1",
                "vpn..example.com:1",
                "10.1.2:51820",
                "010.0.0.1:51820",
                "fe80::1%eth0:1",
                "[fe80::1%eth0]:1",
                "vpn.example.com.:1",
                ":51820",
                "évpn.example.com:1",
                "a b:1"
            })
    void rejects_malformed_endpoints(String text) {
        assertThatThrownBy(() -> Endpoint.parse(text)).isInstanceOf(InvalidConfigException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.1/32, true",
        "10.0.0.0/8, true",
        "10.0.0.1/8, false",
        "::/0, true",
        "fd00::1/64, false",
        "0.0.0.0/0, true"
    })
    void tells_networks_from_host_addresses(String text, boolean network) {
        assertThat(IpPrefix.parse(text).isNetwork()).isEqualTo(network);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "10.0.0.1",
                "10.0.0.1/33",
                "fd00::/129",
                "10.0.0.1/08",
                "10.0.0.1/-1",
                "10.0.0.*/24",
                "10.0.0.0-10/24",
                "10.0.0.0/255.0.0.0",
                "/24",
                "10.1/16",
                "fe80::1%eth0/64",
                "1.2.3.4/32/1",
                "167772161/32"
            })
    void rejects_ambiguous_or_malformed_prefixes(String text) {
        assertThatThrownBy(() -> IpPrefix.parse(text)).isInstanceOf(InvalidAddressException.class);
    }
}
