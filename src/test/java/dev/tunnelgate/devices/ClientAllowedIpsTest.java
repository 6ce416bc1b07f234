package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.ip.IpAddresses;
import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.NetworkSettings;
import dev.tunnelgate.networks.TunnelMode;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.protocol.AccessRule;
import dev.tunnelgate.protocol.Grant;
import dev.tunnelgate.protocol.PortRange;
import dev.tunnelgate.wgconfig.Endpoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAllowedIpsTest {
    private static final NetworkSettings SPLIT =
            network("10.70.0.0/24", "fd00:70::/64", List.of("10.70.0.1", "fd00:70::1"), TunnelMode.SPLIT, "10.0.0.0/8");

    private static final NetworkSettings FULL = network("10.71.0.0/24", null, List.of("10.71.0.1"), TunnelMode.FULL);

    private static NetworkSettings network(
            String ipv4Pool, String ipv6Pool, List<String> gateways, TunnelMode mode, String... allowed) {
        return new NetworkSettings(
                "net",
                IpPrefix.parse(ipv4Pool),
                ipv6Pool == null ? null : IpPrefix.parse(ipv6Pool),
                gateways.stream().map(a -> IpAddresses.parse(a, "gateway")).toList(),
                List.of(),
                1420,
                0,
                Endpoint.parse("vpn.example.test:51820"),
                mode,
                List.of(allowed).stream().map(IpPrefix::parse).toList(),
                ApprovalMode.MANUAL,
                List.of(),
                5,
                null,
                false);
    }

    private static AccessRule rule(AccessProtocol protocol, List<PortRange> ports, String... prefixes) {
        return new AccessRule(
                protocol, ports, List.of(prefixes).stream().map(IpPrefix::parse).toList());
    }

    private static List<String> text(List<IpPrefix> prefixes) {
        return prefixes.stream().map(IpPrefix::toString).toList();
    }

    @Test
    void a_split_tunnel_routes_the_gateway_and_the_granted_prefixes_merged_and_aggregated() {
        var grant = new Grant(List.of(
                rule(AccessProtocol.TCP, List.of(PortRange.single(443)), "192.0.2.0/25", "10.70.0.0/25"),
                rule(AccessProtocol.UDP, List.of(PortRange.single(53)), "192.0.2.128/25", "192.0.2.7/32"),
                rule(AccessProtocol.ANY, List.of(), "2001:db8::/33", "2001:db8:8000::/33")));

        assertThat(text(ClientAllowedIps.of(SPLIT, grant)))
                .containsExactly("10.70.0.0/25", "192.0.2.0/24", "2001:db8::/32", "fd00:70::1/128");
    }

    @Test
    void a_split_tunnel_device_that_may_reach_nothing_routes_only_the_gateway() {
        assertThat(text(ClientAllowedIps.of(SPLIT, null))).containsExactly("10.70.0.1/32", "fd00:70::1/128");
    }

    @Test
    void a_split_tunnel_without_gateway_addresses_and_without_grant_routes_the_tunnel_pools() {
        var bare = network("10.72.0.0/24", null, List.of(), TunnelMode.SPLIT, "10.0.0.0/8");

        assertThat(text(ClientAllowedIps.of(bare, null))).containsExactly("10.72.0.0/24");
    }

    @Test
    void a_full_tunnel_keeps_routing_everything_whatever_the_grant() {
        var grant = new Grant(List.of(rule(AccessProtocol.ANY, List.of(), "192.0.2.0/24")));

        assertThat(text(ClientAllowedIps.of(FULL, grant))).containsExactly("0.0.0.0/0", "::/0");
        assertThat(text(ClientAllowedIps.of(FULL, null))).containsExactly("0.0.0.0/0", "::/0");
    }

    @Test
    void stamps_compare_routes_not_their_spelling_and_a_config_from_before_policies_had_the_networks_routes() {
        assertThat(ClientAllowedIps.stamp(List.of(IpPrefix.parse("10.1.0.128/25"), IpPrefix.parse("10.1.0.0/25"))))
                .isEqualTo(ClientAllowedIps.stamp(List.of(IpPrefix.parse("10.1.0.0/24"))))
                .isEqualTo("10.1.0.0/24");
        assertThat(ClientAllowedIps.handedOut(null, SPLIT)).isEqualTo("10.0.0.0/8");
        assertThat(ClientAllowedIps.handedOut("10.70.0.1/32", SPLIT)).isEqualTo("10.70.0.1/32");
        var many = java.util.stream.IntStream.range(0, 1000)
                .mapToObj(i -> IpPrefix.parse("10.%d.%d.0/24".formatted(i / 200, (i % 200))))
                .filter(p -> p.prefixLength() == 24)
                .toList();
        var odd = many.stream()
                .filter(p -> p.address().getSegment(2).getSegmentValue() % 2 == 1)
                .toList();
        assertThat(ClientAllowedIps.stamp(odd)).startsWith("sha256:").hasSize("sha256:".length() + 64);
    }
}
