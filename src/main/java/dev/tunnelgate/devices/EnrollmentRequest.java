package dev.tunnelgate.devices;

import org.jspecify.annotations.Nullable;

/**
 * What "Add device" sends; {@code publicKey} is required for the browser and bring-your-own methods.
 * {@code expiresInDays} asks for an expiry sooner than the network's (null: the network's rule, or never).
 */
public record EnrollmentRequest(
        String name,
        Platform platform,
        long networkId,
        KeyOrigin keyMethod,
        @Nullable String publicKey,
        @Nullable Integer expiresInDays) {
    public EnrollmentRequest(
            String name, Platform platform, long networkId, KeyOrigin keyMethod, @Nullable String publicKey) {
        this(name, platform, networkId, keyMethod, publicKey, null);
    }
}
