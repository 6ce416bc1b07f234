package dev.tunnelgate.gateways;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A gateway member's status: whether its agent is online, what it reported, and desired against applied
 * revision.
 *
 * @param keyMismatch the member reports an interface key other than its group's: HA members must share one identity
 */
public record MemberRow(
        long id,
        long groupId,
        String name,
        boolean online,
        @Nullable Instant lastContactAt,
        @Nullable String agentVersion,
        @Nullable String reportedPublicKey,
        boolean keyMismatch,
        long desiredRevision,
        long appliedRevision,
        @Nullable Instant appliedAt,
        int peerCount,
        int handshakingPeers,
        @Nullable String lastError,
        @Nullable Instant lastErrorAt,
        @Nullable String lastDrift,
        @Nullable Instant lastDriftAt,
        boolean revoked,
        @Nullable Instant credentialRotatedAt,
        @Nullable Instant previousCredentialValidUntil) {
    public boolean upToDate() {
        return !revoked && appliedRevision >= desiredRevision;
    }
}
