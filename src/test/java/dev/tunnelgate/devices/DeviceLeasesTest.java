package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceLeasesTest {
    /**
     * Address lease rows store the holder text, and revoking or rejecting a device releases its addresses by it.
     * Never change the expected text to make this test pass: the devices enrolled so far would keep their
     * addresses forever, and their leases would never be released.
     */
    @Test
    void the_lease_holder_of_a_device_is_spelled_as_in_existing_lease_rows() {
        assertThat(DeviceLeases.holder(42)).isEqualTo("device:42");
    }
}
