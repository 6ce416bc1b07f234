package dev.tunnelgate.networks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.testing.TestNetworks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The network form gives back what it was shown, and empty fields reach the service as they always did. */
class NetworkFormTest {
    private static NetworkSpec everyFieldSet(TunnelMode tunnel, ApprovalMode approval) {
        return TestNetworks.network(
                "Branch",
                "10.40.0.0/24",
                b -> b.ipv6Pool("fd00:40::/64")
                        .gatewayAddresses("10.40.0.1", "fd00:40::1")
                        .dnsServers("1.1.1.1", "9.9.9.9")
                        .mtu(1380)
                        .persistentKeepalive(15)
                        .endpoint("vpn.example.com:51821")
                        .tunnelMode(tunnel)
                        .allowedIps(List.of("10.0.0.0/8", "fd00::/8"))
                        .approvalMode(approval)
                        .autoApproveGroups(List.of("ops", "admins"))
                        .devicesPerUser(7)
                        .gatewayPublicKey(TestNetworks.newGatewayKey())
                        .openWithoutPolicies(true));
    }

    @Test
    void a_spec_shown_comes_back_unchanged_even_from_the_fields_that_are_disabled() {
        for (var tunnel : TunnelMode.values()) {
            for (var approval : ApprovalMode.values()) {
                var spec = everyFieldSet(tunnel, approval);
                var form = new NetworkForm();
                form.setValue(spec);
                assertThat(form.value()).as("%s, %s", tunnel, approval).isEqualTo(spec);
            }
        }
    }

    @Test
    void allowed_ips_are_editable_only_for_a_split_tunnel_and_groups_only_for_group_approval() {
        var form = new NetworkForm();
        form.setValue(everyFieldSet(TunnelMode.FULL, ApprovalMode.MANUAL));
        assertThat(form.allowedIps.isEnabled()).isFalse();
        assertThat(form.autoApproveGroups.isEnabled()).isFalse();

        form.setValue(everyFieldSet(TunnelMode.SPLIT, ApprovalMode.GROUPS));
        assertThat(form.allowedIps.isEnabled()).isTrue();
        assertThat(form.autoApproveGroups.isEnabled()).isTrue();

        form.tunnelMode.setValue(TunnelMode.FULL);
        form.approvalMode.setValue(ApprovalMode.AUTOMATIC);
        assertThat(form.allowedIps.isEnabled()).isFalse();
        assertThat(form.autoApproveGroups.isEnabled()).isFalse();
    }

    @Test
    void emptied_fields_reach_the_service_as_empty_text_no_entries_zero_and_the_default_modes() {
        var form = new NetworkForm();
        form.setValue(everyFieldSet(TunnelMode.FULL, ApprovalMode.GROUPS));
        form.name.clear();
        form.ipv4Pool.clear();
        form.ipv6Pool.clear();
        form.gatewayAddresses.clear();
        form.dnsServers.clear();
        form.mtu.clear();
        form.persistentKeepalive.clear();
        form.endpoint.clear();
        form.tunnelMode.clear();
        form.allowedIps.clear();
        form.approvalMode.clear();
        form.autoApproveGroups.clear();
        form.devicesPerUser.clear();
        form.gatewayPublicKey.clear();
        form.openWithoutPolicies.clear();

        var value = form.value();
        assertThat(List.of(value.name(), value.ipv4Pool(), value.endpoint())).containsOnly("");
        assertThat(value.ipv6Pool()).isEqualTo("");
        assertThat(value.gatewayPublicKey()).isEqualTo("");
        assertThat(List.of(value.gatewayAddresses(), value.dnsServers(), value.allowedIps(), value.autoApproveGroups()))
                .allSatisfy(list -> assertThat(list).isEmpty());
        assertThat(List.of(value.mtu(), value.persistentKeepalive(), value.devicesPerUser()))
                .containsOnly(0);
        assertThat(value.tunnelMode()).isEqualTo(TunnelMode.SPLIT);
        assertThat(value.approvalMode()).isEqualTo(ApprovalMode.MANUAL);
        assertThat(value.openWithoutPolicies()).isFalse();
    }

    @Test
    void a_form_never_given_a_spec_reads_like_one_whose_fields_are_empty() {
        var value = new NetworkForm().value();
        assertThat(value.ipv6Pool()).isEqualTo("");
        assertThat(value.gatewayPublicKey()).isEqualTo("");
        assertThat(value.name()).isEmpty();
        assertThat(value.mtu()).isZero();
        assertThat(value.tunnelMode()).isEqualTo(TunnelMode.SPLIT);
        assertThat(value.approvalMode()).isEqualTo(ApprovalMode.MANUAL);
    }

    @Test
    void a_network_whose_gateway_group_sets_endpoint_and_key_has_no_input_for_them_and_keeps_them() {
        var spec = everyFieldSet(TunnelMode.SPLIT, ApprovalMode.MANUAL);
        var form = new NetworkForm();
        form.setValue(spec);
        assertThat(form.endpoint.isVisible()).isTrue();
        assertThat(form.gatewayOwned.isVisible()).isFalse();

        form.showGatewayGroup("hq");
        assertThat(form.endpoint.isVisible()).isFalse();
        assertThat(form.gatewayPublicKey.isVisible()).isFalse();
        assertThat(form.gatewayOwned.isVisible()).isTrue();
        // Whatever reaches the hidden inputs, the spec carries what was shown.
        form.endpoint.setValue("elsewhere.example.com:1");
        form.gatewayPublicKey.clear();
        assertThat(form.value()).isEqualTo(spec);

        form.showGatewayGroup(null);
        assertThat(form.endpoint.isVisible()).isTrue();
        assertThat(form.value().endpoint()).isEqualTo("elsewhere.example.com:1");
    }
}
