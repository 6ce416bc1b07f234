package dev.tunnelgate.gateways;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.NetworkSpec;
import dev.tunnelgate.testing.TestNetworks;
import org.junit.jupiter.api.Test;

/**
 * Endpoint and gateway public key have one owner: the gateway group that serves a network. Its values are the ones
 * client configs carry, and a network edit (the network form, or the service called directly) does not change them.
 */
class GatewayOwnershipIT extends GatewayIntegrationTest {
    @Test
    void configs_carry_the_serving_groups_endpoint_and_key_whatever_the_network_edit_says() {
        long network = fixture.network(ApprovalMode.MANUAL, 5);
        var groupKey = TestNetworks.newGatewayKey();
        fixture.group(groupKey, "owner-" + fixture.suffix + ".example.com:51830", 51830, network);
        var device = fixture.enroll(network);
        fixture.approve(device.id());

        var otherKey = TestNetworks.newGatewayKey();
        fixture.asAdmin(() -> {
            networks.update(
                    network,
                    TestNetworks.with(
                            NetworkSpec.of(networks.get(network)),
                            b -> b.endpoint("network-" + fixture.suffix + ".example.com:51820")
                                    .gatewayPublicKey(otherKey)
                                    .mtu(1380)));
            return null;
        });

        var config =
                fixture.as(fixture.owner, () -> devices.config(device.id())).text();
        assertThat(config)
                .contains("Endpoint = owner-" + fixture.suffix + ".example.com:51830")
                .contains("PublicKey = " + groupKey)
                .doesNotContain(otherKey)
                .doesNotContain("network-" + fixture.suffix)
                // The rest of the edit is the network's own and applies.
                .contains("MTU = 1380");
    }
}
