package dev.tunnelgate.gateways;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tunnelgate.protocol.DnsCheck;
import dev.tunnelgate.protocol.EndpointRole;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A gateway member's status: whether its agent is online, what it reported, and desired against applied
 * revision.
 *
 * @param keyMismatch the member reports an interface key other than its group's: HA members must share one identity
 * @param dnsChecks   whether DNS answers at its networks' DNS servers, as its agent last found; empty when they set
 *                    none (or the agent does not check)
 * @param role        whether it holds the group's endpoint address, as its agent last reported; null when the agent is
 *                    not told (the API writes it as {@code endpointRole}: {@code holder}, {@code standby} or null)
 * @param endpointRoleSince when the member last took the address over or gave it up
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
        List<DnsCheck> dnsChecks,
        @JsonIgnore @Nullable EndpointRole role,
        @Nullable Instant endpointRoleSince) {
    /** The role as the API writes it: the wire's word, {@code holder} or {@code standby}. */
    @JsonProperty("endpointRole")
    public @Nullable String endpointRole() {
        return role == null ? null : role.name().toLowerCase(Locale.ROOT);
    }

    /** It last said it holds the address but has not been heard from since: whether it still does is unknown. */
    public boolean staleHolder() {
        return role == EndpointRole.HOLDER && !revoked && !online;
    }

    public boolean upToDate() {
        return !revoked && appliedRevision >= desiredRevision;
    }
}
