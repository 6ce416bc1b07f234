package dev.tunnelgate.gateways.agentapi;

import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.audit.AuditTarget;
import dev.tunnelgate.devices.DevicePeers;
import dev.tunnelgate.devices.PeerStatusStore;
import dev.tunnelgate.gateways.GatewayMembers;
import dev.tunnelgate.gateways.agentapi.ReportRefusedException.Reason;
import dev.tunnelgate.keys.InvalidKeyException;
import dev.tunnelgate.keys.WgKey;
import dev.tunnelgate.protocol.DriftEntry;
import dev.tunnelgate.protocol.PeerStats;
import dev.tunnelgate.protocol.StatusReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes an agent's status report. A report is accepted whole or refused whole: a revision that goes backwards
 * or does not exist yet, or statistics for a peer the group never had, change nothing. Drift the agent found
 * and repaired is recorded and audited; an unknown peer is never adopted into the desired state. Per-peer statistics
 * go to {@link PeerStatusStore}, which writes only what changed.
 */
@Component
@Transactional
class StatusReports {
    /** A peer counts as connected while its last handshake is this recent (WireGuard rekeys every 2 minutes). */
    static final Duration HANDSHAKE_FRESH = Duration.ofMinutes(3);
    /** A handshake further in the future than this is a wrong clock or a lie, not a connected peer. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final GatewayMembers members;
    private final DevicePeers devicePeers;
    private final PeerStatusStore peerStatus;
    private final AuditLog audit;
    private final Clock clock;

    StatusReports(
            GatewayMembers members, DevicePeers devicePeers, PeerStatusStore peerStatus, AuditLog audit, Clock clock) {
        this.members = members;
        this.devicePeers = devicePeers;
        this.peerStatus = peerStatus;
        this.audit = audit;
        this.clock = clock;
    }

    /** Accepts the report, or refuses it whole; returns what the per-peer statistics wrote. */
    PeerStatusStore.Written accept(AgentPrincipal agent, StatusReport report) {
        var member = members.reporting(agent.memberId()).orElseThrow();
        if (member.revoked()) {
            throw new ReportRefusedException(Reason.MEMBER_REVOKED, "member revoked");
        }
        try {
            WgKey.parsePublic(report.publicKey());
        } catch (InvalidKeyException e) {
            throw new ReportRefusedException(Reason.CONTRADICTS_GROUP, "interface public key: " + e.getMessage());
        }
        if (devicePeers.byPublicKey(report.publicKey(), member.networkIds()).isPresent()) {
            throw new ReportRefusedException(Reason.CONTRADICTS_GROUP, "the interface public key is a device's key");
        }
        long revision = member.groupRevision();
        if (report.appliedRevision() > revision) {
            throw new ReportRefusedException(
                    Reason.CONTRADICTS_GROUP,
                    "applied revision %d does not exist; the group is at %d"
                            .formatted(report.appliedRevision(), revision));
        }
        if (report.appliedRevision() < member.appliedRevision()) {
            // Typically an agent restarted and could not re-apply its state: its own errors say why, so they go
            // with the refusal to where admins look.
            throw new ReportRefusedException(
                    Reason.REVISION_WENT_BACK,
                    "applied revision went back from %d to %d%s"
                            .formatted(
                                    member.appliedRevision(),
                                    report.appliedRevision(),
                                    report.errors().isEmpty()
                                            ? ""
                                            : "; the agent reports: " + String.join("; ", report.errors())));
        }
        // A key that is a device's current key, or the new key of its rotation, is known; only the others are looked
        // up further, so a report of known peers costs one look-up per key, shared with the statistics below.
        var deviceIds = devicePeers.deviceIds(
                report.peers().stream().map(PeerStats::publicKey).toList(), member.networkIds());
        var unknown = devicePeers.unknown(
                report.peers().stream()
                        .map(PeerStats::publicKey)
                        .filter(key -> !deviceIds.containsKey(key))
                        .toList(),
                member.networkIds());
        if (!unknown.isEmpty()) {
            throw new ReportRefusedException(
                    Reason.CONTRADICTS_GROUP,
                    "the report names %d peer(s) this group never had, e.g. %s; they are not adopted"
                            .formatted(
                                    unknown.size(),
                                    unknown.stream().sorted().findFirst().orElseThrow()));
        }
        var now = clock.instant();
        int handshaking = (int) report.peers().stream()
                .filter(p -> p.latestHandshake() != null
                        && p.latestHandshake().isAfter(now.minus(HANDSHAKE_FRESH))
                        && p.latestHandshake().isBefore(now.plus(CLOCK_SKEW)))
                .count();
        members.reported(
                member.id(),
                report,
                handshaking,
                report.dns().isEmpty() ? Set.of() : members.dnsServers(member.networkIds()),
                now);
        members.recordEndpointRole(member.id(), report.endpointRole(), agent.actor(), now);
        // Device rows before the networks and the group that adopting a key locks: the order device changes take.
        var written = report.statsIncluded()
                ? peerStatus.store(
                        member.id(),
                        agent.memberName(),
                        report.peers().stream().map(p -> plausible(p, now)).toList(),
                        deviceIds,
                        now)
                : new PeerStatusStore.Written(0, 0);
        var errors = report.errors().isEmpty() ? null : String.join("; ", report.errors());
        if (errors == null
                && report.appliedRevision() == revision
                && report.appliedHash() != null
                && !report.appliedHash().equals(member.peerHash())) {
            errors = "applied peers differ from the desired peers of revision " + revision;
        }
        members.recordError(member.id(), errors == null ? null : shortened(errors), now);
        if (!report.drift().isEmpty()) {
            var drift = report.drift().stream().map(DriftEntry::toString).collect(Collectors.joining(", "));
            var text = shortened(drift);
            members.recordDrift(member.id(), text, now);
            audit.record(
                    agent.actor(),
                    AuditAction.GATEWAY_DRIFT_REPAIRED,
                    AuditTarget.gatewayMember(member.id()),
                    "%d difference(s): %s".formatted(report.drift().size(), text));
        }
        members.adoptGroupKey(member.groupId(), report.publicKey(), agent.actor());
        return written;
    }

    /**
     * Records why a report was refused where admins look (the member's last error) and audits it when the reason
     * changed, in a transaction of its own: the refused report itself changed nothing.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void refused(AgentPrincipal agent, String reason) {
        var member = members.reporting(agent.memberId()).orElse(null);
        if (member == null || member.revoked()) {
            return;
        }
        var text = shortened("report refused: " + reason);
        if (!text.equals(member.lastError())) {
            audit.record(
                    agent.actor(), AuditAction.GATEWAY_REPORT_REFUSED, AuditTarget.gatewayMember(member.id()), text);
        }
        members.recordError(member.id(), text, clock.instant());
    }

    /** The peer's statistics without a handshake from beyond the clock skew: its counters are kept, the time is not. */
    private static PeerStats plausible(PeerStats peer, Instant now) {
        var handshake = peer.latestHandshake();
        if (handshake == null || handshake.isBefore(now.plus(CLOCK_SKEW))) {
            return peer;
        }
        return new PeerStats(peer.publicKey(), null, peer.rxBytes(), peer.txBytes(), peer.endpoint());
    }

    private static String shortened(String text) {
        return text.length() > 1000 ? text.substring(0, 999) + "…" : text;
    }
}
