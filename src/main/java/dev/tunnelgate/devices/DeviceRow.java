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
        @Nullable Delivery delivery,
        Lifecycle lifecycle) {
    /**
     * Where the device stands in its lifecycle: why it was revoked, when it expires, how old its key is, when a
     * gateway last saw it, a key rotation in progress, and who revoked it (null fields: none).
     */
    public record Lifecycle(
            @Nullable String revokeReason,
            @Nullable Instant expiresAt,
            Instant keyCreatedAt,
            @Nullable Instant lastHandshakeAt,
            @Nullable String lastHandshakeMember,
            @Nullable String nextPublicKey,
            @Nullable Instant rotationEndsAt,
            @Nullable String revokedBy) {
        static Lifecycle of(Device device) {
            return new Lifecycle(
                    device.revokeReason(),
                    device.expiresAt(),
                    device.keyCreatedAt(),
                    device.lastHandshakeAt(),
                    device.lastHandshakeMember(),
                    device.nextPublicKey(),
                    device.rotationEndsAt(),
                    device.revokedBy());
        }
    }

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
                state,
                lifecycle);
    }
}
