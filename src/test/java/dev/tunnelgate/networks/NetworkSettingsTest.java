package dev.tunnelgate.networks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.keys.WgKeyPair;
import dev.tunnelgate.wgconfig.Endpoint;
import inet.ipaddr.IPAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkSettingsTest {
    private static final String KEY =
            WgKeyPair.generate(new SecureRandom()).publicKey().toBase64();

    private static NetworkSettings office() {
        return NetworkValidator.validate(new NetworkSpec(
                " Office ",
                "10.10.0.0/16",
                "FD00:10:0::/64",
                List.of("10.10.0.1", "FD00:10::1", "10.10.0.2"),
                List.of("1.1.1.1", "2606:4700:4700:0::1111"),
                1380,
                0,
                "VPN.example.com:51820",
                TunnelMode.SPLIT,
                List.of("10.0.0.0/8", "FD00::/8"),
                ApprovalMode.GROUPS,
                List.of("admins", "ops"),
                3,
                KEY));
    }

    @Test
    void withers_change_the_gateway_and_nothing_else() {
        var before = office();
        var endpoint = Endpoint.parse("[2001:db8::1]:443");

        var after = before.withGateway(endpoint, null);

        assertThat(after.endpoint()).isEqualTo(endpoint);
        assertThat(after.gatewayPublicKey()).isNull();
        assertThat(after.withGateway(before.endpoint(), before.gatewayPublicKey()))
                .isEqualTo(before);
    }

    @Test
    void gateway_addresses_are_sorted_into_their_pools_with_the_pools_prefix_length() {
        var settings = office();

        assertThat(settings.pools()).map(IpPrefix::toString).containsExactly("10.10.0.0/16", "fd00:10::/64");
        assertThat(settings.gatewayAddressesIn(settings.ipv4Pool()))
                .map(IPAddress::toCanonicalString)
                .containsExactly("10.10.0.1", "10.10.0.2");
        assertThat(settings.gatewayAddressesIn(settings.pools().get(1)))
                .map(IPAddress::toCanonicalString)
                .containsExactly("fd00:10::1");
        assertThat(settings.gatewayInterfaceAddresses())
                .map(IpPrefix::toString)
                .containsExactly("10.10.0.1/16", "fd00:10::1/64", "10.10.0.2/16");
    }

    @Test
    void a_full_tunnel_routes_everything_and_a_split_tunnel_its_allowed_ips() {
        var split = office();
        var full = NetworkValidator.validate(NetworkValidatorTest.with(b -> b.tunnelMode(TunnelMode.FULL)));

        assertThat(split.clientAllowedIps()).map(IpPrefix::toString).containsExactly("10.0.0.0/8", "fd00::/8");
        assertThat(full.clientAllowedIps()).map(IpPrefix::toString).containsExactly("0.0.0.0/0", "::/0");
    }

    @Test
    void the_entity_stores_the_canonical_text_and_reads_back_the_same_settings() {
        var settings = office();
        var network = new Network(settings, Instant.EPOCH);

        assertThat(network.settings()).isEqualTo(settings);
        assertThat(NetworkSpec.of(network.settings()))
                .isEqualTo(new NetworkSpec(
                        "Office",
                        "10.10.0.0/16",
                        "fd00:10::/64",
                        List.of("10.10.0.1", "fd00:10::1", "10.10.0.2"),
                        List.of("1.1.1.1", "2606:4700:4700::1111"),
                        1380,
                        0,
                        "VPN.example.com:51820",
                        TunnelMode.SPLIT,
                        List.of("10.0.0.0/8", "fd00::/8"),
                        ApprovalMode.GROUPS,
                        List.of("admins", "ops"),
                        3,
                        KEY));
    }

    @Test
    void the_audit_text_names_every_value_as_text() {
        assertThat(office().toString())
                .contains(
                        "ipv4Pool=10.10.0.0/16",
                        "gatewayAddresses=[10.10.0.1, fd00:10::1, 10.10.0.2]",
                        "endpoint=VPN.example.com:51820",
                        "mtu=1380",
                        "gatewayPublicKey=" + KEY);
    }
}
