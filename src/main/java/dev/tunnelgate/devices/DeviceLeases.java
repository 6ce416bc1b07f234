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

    /**
     * The lease holder of the addresses of a key rotation's new key, while both keys work. At completion they pass
     * to {@link #holder}; on revocation they are released with the device's others.
     */
    static String nextHolder(long deviceId) {
        return "device:" + deviceId + ":next-key";
    }
}
