package dev.tunnelgate.devices;

/** How a device holds its addresses in the address allocator. */
final class DeviceLeases {
    private DeviceLeases() {}

    /**
     * The lease holder of a device's addresses. Lease rows store this text, and revoking or rejecting a device
     * releases its addresses by it: a different spelling would orphan every existing lease. It is not the audit
     * target, even though both read {@code device:<id>} today.
     */
    static String holder(long deviceId) {
        return "device:" + deviceId;
    }
}
