package dev.tunnelgate.devices;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A device as lists show it; no key material beyond the public key. */
public record DeviceRow(
        long id,
        long ownerId,
        String name,
        Platform platform,
        KeyOrigin keyOrigin,
        String publicKey,
        String ipv4Address,
        @Nullable String ipv6Address,
        DeviceStatus status,
        Instant createdAt,
        @Nullable String decidedBy,
        @Nullable String decisionReason,
        String networkName,
        String ownerName,
        long networkId,
        @Nullable Delivery delivery) {
    public DeviceRow withDelivery(@Nullable Delivery state) {
        return new DeviceRow(
                id,
                ownerId,
                name,
                platform,
                keyOrigin,
                publicKey,
                ipv4Address,
                ipv6Address,
                status,
                createdAt,
                decidedBy,
                decisionReason,
                networkName,
                ownerName,
                networkId,
                state);
    }
}
