package dev.tunnelgate.gateways;

import dev.tunnelgate.protocol.DnsCheck;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A gateway member's status: whether its agent is online, what it reported, and desired against applied
 * revision.
 *
 * @param keyMismatch the member reports an interface key other than its group's: HA members must share one identity
 * @param dnsChecks   whether DNS answers at its networks' DNS servers, as its agent last found; empty when they set
 *                    none (or the agent does not check)
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
        @Nullable Instant previousCredentialValidUntil,
        List<DnsCheck> dnsChecks) {
    public boolean upToDate() {
        return !revoked && appliedRevision >= desiredRevision;
    }
}
