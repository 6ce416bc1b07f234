package dev.tunnelgate.devices;

/** How a device's preshared key is bound to its row when sealed for storage. */
final class DevicePsk {
    private DevicePsk() {}

    /**
     * The associated data a device's preshared key is sealed with (see {@code SecretBox}). It is authenticated but
     * not stored, so a different spelling would make every stored key unreadable. It is not the audit target, even
     * though both read {@code device:<id>} today.
     */
    static String associatedData(long deviceId) {
        return "device:" + deviceId;
    }
}
