package dev.tunnelgate.devices;

import org.jspecify.annotations.Nullable;

/** What "Add device" sends; {@code publicKey} is required for the browser and bring-your-own methods. */
public record EnrollmentRequest(
        String name,
        Platform platform,
        long networkId,
        KeyOrigin keyMethod,
        @Nullable String publicKey) {}
