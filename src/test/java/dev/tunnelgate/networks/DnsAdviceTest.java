package dev.tunnelgate.networks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.testing.TestNetworks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which DNS servers of a network point into its own tunnel, where nothing answers unless a resolver runs. */
class DnsAdviceTest {
    private static NetworkSpec dns(String... servers) {
        return TestNetworks.network(
                "Office",
                "10.10.0.0/16",
                b -> b.ipv6Pool("fd00:10::/64").gatewayAddresses("10.10.0.1").dnsServers(servers));
    }

    @Test
    void a_gateway_address_or_any_address_of_the_pools_is_inside_the_tunnel() {
        assertThat(DnsAdvice.insideTunnel(dns("10.10.0.1"))).containsExactly("10.10.0.1");
        assertThat(DnsAdvice.insideTunnel(dns("1.1.1.1", "10.10.200.53", "FD00:10::53")))
                .containsExactly("10.10.200.53", "fd00:10::53");
    }

    @Test
    void public_resolvers_and_text_that_does_not_parse_are_no_warning() {
        assertThat(DnsAdvice.insideTunnel(dns("1.1.1.1", "2606:4700:4700::1111", "10.11.0.1", "dns.example.com")))
                .isEmpty();
        assertThat(DnsAdvice.insideTunnel(TestNetworks.network("Broken", "not a pool", b -> b.dnsServers("10.0.0.1"))))
                .isEmpty();
    }

    @Test
    void the_embedded_default_network_sets_no_dns() {
        assertThat(DefaultNetwork.spec("vpn.example.com:51820").dnsServers()).isEqualTo(List.of());
    }
}
