package dev.tunnelgate.networks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.text.InvalidInputException;
import inet.ipaddr.IPAddress;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NetworkValidatorTest {
    static NetworkSpec good() {
        return DefaultNetwork.spec("vpn.example.com:51820");
    }

    static NetworkSpec with(UnaryOperator<TestNetworks.Builder> change) {
        return TestNetworks.with(good(), change);
    }

    @Test
    void a_good_network_comes_back_in_canonical_form() {
        var spec = NetworkValidator.validate(TestNetworks.network(
                " Office ",
                "10.10.0.0/16",
                b -> b.ipv6Pool("FD00:10:0::/64")
                        .gatewayAddresses("10.10.0.1", "FD00:10::1")
                        .dnsServers("1.1.1.1", "1.1.1.1")
                        .endpoint("VPN.example.com:51820")
                        .split("10.0.0.0/8")
                        .autoApproveGroups(List.of("ignored"))
                        .devicesPerUser(3)));
        assertThat(spec.name()).isEqualTo("Office");
        assertThat(spec.ipv6Pool()).hasToString("fd00:10::/64");
        assertThat(spec.gatewayAddresses())
                .map(IPAddress::toCanonicalString)
                .containsExactly("10.10.0.1", "fd00:10::1");
        assertThat(spec.dnsServers()).map(IPAddress::toCanonicalString).containsExactly("1.1.1.1");
        assertThat(spec.autoApproveGroups()).isEmpty();
    }

    @Test
    void a_full_tunnel_keeps_no_allowed_ips() {
        var spec = NetworkValidator.validate(
                with(b -> b.tunnelMode(TunnelMode.FULL).allowedIps(List.of())));
        assertThat(spec.allowedIps()).isEmpty();
    }

    record Case(String field, NetworkSpec spec) {
        @Override
        public String toString() {
            return field;
        }
    }

    static List<Case> hostile() {
        return List.of(
                new Case("Name", with(b -> b.name(""))),
                new Case("Name", with(b -> b.name("Office\nPostUp = rm -rf /"))),
                new Case("Name", with(b -> b.name("Off\u202Eice"))),
                new Case("Name", with(b -> b.name("x".repeat(65)))),
                new Case("IPv4 pool", with(b -> b.ipv4Pool("10.10.0.1/16"))),
                new Case("IPv4 pool", with(b -> b.ipv4Pool("10.10.0.0"))),
                new Case("IPv4 pool", with(b -> b.ipv4Pool("10.10.0.0/31"))),
                new Case("IPv4 pool", with(b -> b.ipv4Pool("fd00::/64"))),
                new Case("IPv4 pool", with(b -> b.ipv4Pool("10.10.0.0/16\n"))),
                new Case("IPv6 pool", with(b -> b.ipv6Pool("fd00:10::/32"))),
                // Saved, a /56 would refuse every enrollment: the allocator numbers hosts of a /64 to /126.
                new Case("IPv6 pool", with(b -> b.ipv6Pool("fd00:10::/56"))),
                new Case("Gateway addresses", with(b -> b.gatewayAddresses(List.of("192.168.1.1")))),
                new Case("Gateway addresses", with(b -> b.gatewayAddresses(List.of("10.10.0.0")))),
                new Case("Gateway addresses", with(b -> b.gatewayAddresses(List.of("10.10.255.255")))),
                new Case("DNS servers", with(b -> b.dnsServers(List.of("dns.example.com")))),
                new Case(
                        "DNS servers",
                        with(b -> b.dnsServers(List.of("1.1.1.1", "1.0.0.1", "8.8.8.8", "8.8.4.4", "9.9.9.9")))),
                new Case("MTU", with(b -> b.mtu(1279))),
                new Case("MTU", with(b -> b.mtu(9001))),
                new Case("PersistentKeepalive", with(b -> b.persistentKeepalive(-1))),
                new Case("Endpoint", with(b -> b.endpoint("vpn.example.com"))),
                new Case("Endpoint", with(b -> b.endpoint("vpn.example.com:0"))),
                new Case("Endpoint", with(b -> b.endpoint("vpn.example.com:51820\r\nPostUp=x"))),
                new Case("Endpoint", with(b -> b.endpoint("vpn example.com:51820"))),
                new Case("Allowed IPs", with(b -> b.allowedIps(List.of()))),
                new Case("Allowed IPs", with(b -> b.allowedIps(List.of("10.0.0.1/8")))),
                new Case("Allowed IPs", with(b -> b.allowedIps(java.util.Collections.nCopies(33, "10.0.0.0/8")))),
                new Case("Auto-approve groups", with(b -> b.autoApproveGroups(List.of()))),
                new Case("Devices per user", with(b -> b.devicesPerUser(0))),
                new Case(
                        "Gateway public key",
                        with(b -> b.gatewayPublicKey("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))),
                new Case("Gateway public key", with(b -> b.gatewayPublicKey("not a key"))));
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void hostile_input_is_refused_with_a_message_naming_the_field(Case c) {
        assertThatThrownBy(() -> NetworkValidator.validate(c.spec()))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> {
                    var field = ((InvalidInputException) e).field();
                    // Every refusal names a field of the form by key, so the form can mark it.
                    assertThat(field).isInstanceOf(NetworkField.class);
                    assertThat(field.label()).isEqualTo(c.field());
                })
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r"));
    }
}
