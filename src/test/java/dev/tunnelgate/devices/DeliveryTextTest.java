package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The words of the "Gateways" column on My devices, for each delivery state. */
class DeliveryTextTest {
    @Test
    void an_approved_device_is_pending_on_the_members_that_lack_it_then_active_on_all() {
        assertThat(MyDevicesView.deliveryText(new Delivery.Pending(List.of("gw-b", "gw-c"), 3)))
                .isEqualTo("pending on gw-b, gw-c (1/3)");
        assertThat(MyDevicesView.deliveryText(new Delivery.Active(2))).isEqualTo("active on 2/2 gateways");
    }

    @Test
    void a_revoked_device_is_pending_removal_then_removed_from_all() {
        assertThat(MyDevicesView.deliveryText(new Delivery.RevocationPending(List.of("gw-b"), 2)))
                .isEqualTo("revocation pending on gw-b (1/2)");
        assertThat(MyDevicesView.deliveryText(new Delivery.Removed(2))).isEqualTo("removed from all 2 gateways");
        assertThat(MyDevicesView.deliveryText(new Delivery.Removed(0))).isEqualTo("removed (the group has no members)");
    }

    @Test
    void a_device_nobody_can_carry_yet_says_why_and_one_without_a_state_shows_nothing() {
        assertThat(MyDevicesView.deliveryText(new Delivery.Unserved()))
                .isEqualTo("no gateway group serves this network");
        assertThat(MyDevicesView.deliveryText(new Delivery.AwaitingMember())).isEqualTo("waiting for a gateway member");
        assertThat(MyDevicesView.deliveryText(null)).isEmpty();
    }
}
