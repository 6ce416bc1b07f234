package dev.tunnelgate.devices;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A device as the REST API shows it: what lists show, the public key and addresses, never a private or preshared
 * key. {@code delivery} says how far the gateways are with the device's last change (null: not known here).
 */
record ApiDevice(
        long id,
        String name,
        Platform platform,
        DeviceStatus status,
        long networkId,
        String networkName,
        long ownerId,
        String ownerName,
        KeyOrigin keyOrigin,
        String publicKey,
        String ipv4Address,
        @Nullable String ipv6Address,
        Instant createdAt,
        @Nullable String decidedBy,
        @Nullable String decisionReason,
        @Nullable String revokedBy,
        @Nullable String revokeReason,
        @Nullable Instant expiresAt,
        Instant keyCreatedAt,
        @Nullable Instant lastHandshakeAt,
        @Nullable String lastHandshakeMember,
        @Nullable String nextPublicKey,
        @Nullable Gateways delivery) {

    /**
     * The gateways' progress: {@code state} is unserved, awaiting-member, pending, active, revocation-pending or
     * removed; {@code members} counts the serving group's active members, {@code behind} names those not there yet.
     */
    record Gateways(String state, int members, List<String> behind) {
        static @Nullable Gateways of(@Nullable Delivery delivery) {
            return switch (delivery) {
                case null -> null;
                case Delivery.Unserved u -> new Gateways("unserved", 0, List.of());
                case Delivery.AwaitingMember a -> new Gateways("awaiting-member", 0, List.of());
                case Delivery.Pending p -> new Gateways("pending", p.members(), p.behind());
                case Delivery.Active a -> new Gateways("active", a.members(), List.of());
                case Delivery.RevocationPending r -> new Gateways("revocation-pending", r.members(), r.behind());
                case Delivery.Removed r -> new Gateways("removed", r.members(), List.of());
            };
        }
    }

    static ApiDevice of(DeviceRow row) {
        var life = row.lifecycle();
        return new ApiDevice(
                row.id(),
                row.name(),
                row.platform(),
                row.status(),
                row.networkId(),
                row.networkName(),
                row.ownerId(),
                row.ownerName(),
                row.keyOrigin(),
                row.publicKey(),
                row.ipv4Address(),
                row.ipv6Address(),
                row.createdAt(),
                row.decidedBy(),
                row.decisionReason(),
                life.revokedBy(),
                life.revokeReason(),
                life.expiresAt(),
                life.keyCreatedAt(),
                life.lastHandshakeAt(),
                life.lastHandshakeMember(),
                life.nextPublicKey(),
                Gateways.of(row.delivery()));
    }
}
