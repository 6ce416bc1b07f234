package dev.tunnelgate.devices;

import org.jspecify.annotations.Nullable;

/**
 * A device's WireGuard config, or why there is none yet ({@code text} is null then).
 * Carries a private key only right after server-side key generation; never stored.
 */
public record DeviceConfig(
        String fileName, @Nullable String text, @Nullable String unavailableReason, boolean includesPrivateKey) {
    @Override
    public String toString() {
        return "DeviceConfig[" + fileName + (includesPrivateKey ? ", with private key" : "") + "]";
    }
}
