package dev.tunnelgate.gateways;

import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.audit.AuditTarget;
import dev.tunnelgate.keys.WgKey;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.protocol.EndpointRole;
import dev.tunnelgate.protocol.StatusReport;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the agent API reads and records of a member: that its agent was heard from, and what a report it checked
 * changes. Calls join the caller's transaction, so a report is stored whole or not at all.
 */
@Component
@Transactional
public class GatewayMembers {
    private static final Duration RESOLUTION = Duration.ofSeconds(5);

    private final GatewayMemberRepository members;
    private final GatewayGroupRepository groups;
    private final GroupNetworks groupNetworks;
    private final NetworkService networks;
    private final AuditLog audit;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    GatewayMembers(
            GatewayMemberRepository members,
            GatewayGroupRepository groups,
            GroupNetworks groupNetworks,
            NetworkService networks,
            AuditLog audit,
            JdbcTemplate jdbc,
            Clock clock) {
        this.members = members;
        this.groups = groups;
        this.groupNetworks = groupNetworks;
        this.networks = networks;
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A member as a report is checked against: how far it got, and where its group is now. */
    public record ReportingMember(
            long id,
            boolean revoked,
            long appliedRevision,
            @Nullable String lastError,
            long groupId,
            Set<Long> networkIds,
            long groupRevision,
            String peerHash) {}

    /** False once the member is revoked: a long-poll that was waiting then gets no answer but a 401. */
    @Transactional(readOnly = true)
    public boolean active(long memberId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select revoked_at is null from gateway_member where id = ?", Boolean.class, memberId));
    }

    /**
     * Records that the agent was heard from, at most every few seconds so polls stay cheap. A plain update without
     * the entity's version, so a poll never conflicts with a status report being stored at the same time.
     */
    public void contacted(long memberId) {
        var now = clock.instant();
        jdbc.update(
                "update gateway_member set last_contact_at = ? where id = ? and (last_contact_at is null or last_contact_at < ?)",
                Timestamp.from(now),
                memberId,
                Timestamp.from(now.minus(RESOLUTION)));
    }

    /** The members of a group that are not revoked: whose reports count for what the group knows of its peers. */
    @Transactional(readOnly = true)
    public java.util.List<Long> activeMemberIds(long groupId) {
        return jdbc.query(
                "select id from gateway_member where group_id = ? and revoked_at is null order by id",
                (rs, n) -> rs.getLong(1),
                groupId);
    }

    public Optional<ReportingMember> reporting(long memberId) {
        return members.findById(memberId).map(member -> {
            var group = groups.findById(member.groupId()).orElseThrow();
            return new ReportingMember(
                    member.id(),
                    member.revoked(),
                    member.appliedRevision(),
                    member.lastError(),
                    group.id(),
                    group.networkIds(),
                    group.revision(),
                    group.peerHash());
        });
    }

    /**
     * Stores what the agent applied; a report without statistics keeps the last ones, and the last DNS checks. Only
     * checks of {@code dnsServers} (the group's, see {@link #dnsServers}) are kept: a server taken out of the
     * networks since the agent's state, or one an agent made up, is not shown.
     */
    public void reported(
            long memberId, StatusReport report, int handshakingPeers, Set<String> dnsServers, Instant now) {
        var member = member(memberId);
        member.reported(
                report.agentVersion(),
                report.publicKey(),
                report.appliedRevision(),
                report.appliedHash(),
                report.statsIncluded() ? report.peers().size() : member.peerCount(),
                report.statsIncluded() ? handshakingPeers : member.handshakingPeers(),
                now);
        if (report.statsIncluded()) {
            member.recordDnsChecks(report.dns().stream()
                    .filter(check -> dnsServers.contains(check.address()))
                    .toList());
        }
    }

    /**
     * Stores whether the member holds its group's endpoint address, as its agent reported it (null: not told). A member
     * that takes the address over is audited, naming the members that claimed it before.
     */
    public void recordEndpointRole(long memberId, @Nullable EndpointRole role, String actor, Instant now) {
        var member = member(memberId);
        if (!member.recordEndpointRole(role, now)) {
            return;
        }
        var others = members.findByGroupIdAndRevokedAtIsNullOrderByNameAscIdAsc(member.groupId()).stream()
                .filter(other -> other.id() != memberId && other.endpointRole() == EndpointRole.HOLDER)
                .map(GatewayMember::name)
                .toList();
        audit.record(
                actor,
                AuditAction.GATEWAY_ENDPOINT_TAKEN_OVER,
                AuditTarget.gatewayMember(memberId),
                others.isEmpty()
                        ? "%s holds the group's endpoint address now".formatted(member.name())
                        : "%s holds the group's endpoint address now; %s still claimed it at their last report"
                                .formatted(member.name(), String.join(", ", others)));
    }

    /** The DNS servers the networks of a group hand to devices: the only ones a report's DNS checks may name. */
    public Set<String> dnsServers(Set<Long> networkIds) {
        var servers = new java.util.HashSet<String>();
        for (long networkId : networkIds) {
            networks.joinable(networkId)
                    .settings()
                    .dnsServers()
                    .forEach(server -> servers.add(server.toCanonicalString()));
        }
        return servers;
    }

    /** The member's last error, shown to admins; null when the agent reported none. */
    public void recordError(long memberId, @Nullable String error, Instant now) {
        member(memberId).recordError(error, now);
    }

    public void recordDrift(long memberId, String drift, Instant now) {
        member(memberId).recordDrift(drift, now);
    }

    /** The first key a member reports becomes the group's identity and goes into its networks' client configs. */
    public void adoptGroupKey(long groupId, String publicKey, String actor) {
        var group = groups.findById(groupId).orElseThrow();
        if (group.publicKey() != null) {
            return;
        }
        // Networks before the group, in the order device changes and group edits lock them.
        groupNetworks.lock(group.networkIds());
        var key = WgKey.parsePublic(publicKey); // StatusReports refuses a report whose key does not parse
        group.adoptPublicKey(key);
        audit.record(
                actor, AuditAction.GATEWAY_KEY_ADOPTED, AuditTarget.gatewayGroup(group.id()), "publicKey=" + publicKey);
        for (long networkId : group.networkIds()) {
            networks.assignGateway(networkId, group.endpoint(), key, actor);
        }
    }

    private GatewayMember member(long memberId) {
        return members.findById(memberId).orElseThrow();
    }
}
