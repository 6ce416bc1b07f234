package dev.tunnelgate.devices;

import java.time.Instant;

/**
 * The outcome of "Replace key": the device's new key, until when the old key works at the latest, and the new key's
 * config (with the private key only for server-made keys).
 */
public record KeyReplacement(
        long deviceId,
        String deviceName,
        Platform platform,
        KeyOrigin keyOrigin,
        String newPublicKey,
        Instant oldKeyWorksUntil,
        DeviceConfig config) {}
