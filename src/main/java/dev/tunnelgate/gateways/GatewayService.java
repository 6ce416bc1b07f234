package dev.tunnelgate.gateways;

import dev.tunnelgate.api.ETags;
import dev.tunnelgate.api.PreconditionFailedException;
import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.audit.AuditTarget;
import dev.tunnelgate.identity.CurrentUser;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.networks.NetworkNotFoundException;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.networks.NetworkSettings;
import dev.tunnelgate.persistence.UniqueNames;
import dev.tunnelgate.persistence.Versioned;
import dev.tunnelgate.protocol.EndpointRole;
import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.Message;
import dev.tunnelgate.text.NotFoundException;
import dev.tunnelgate.text.SafeText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Gateway groups and members for admins: settings, member credentials (issued once, rotated with a grace period,
 * revoked) and the status each member's agent reported. Every change is validated and audited.
 */
@Service
@Transactional
@PreAuthorize("hasRole('" + Roles.ADMIN + "')")
public class GatewayService {
    /** An agent long-polls every 25 s at the latest; three missed polls make it offline. */
    public static final Duration ONLINE_WINDOW = Duration.ofSeconds(90);

    private final GatewayGroupRepository groups;
    private final GatewayMemberRepository members;
    private final NetworkService networks;
    private final DesiredState desiredState;
    private final Revisions revisions;
    private final GroupNetworks groupNetworks;
    private final AuditLog audit;
    private final CurrentUser currentUser;
    private final Clock clock;
    private final Duration credentialGrace;

    GatewayService(
            GatewayGroupRepository groups,
            GatewayMemberRepository members,
            NetworkService networks,
            DesiredState desiredState,
            Revisions revisions,
            GroupNetworks groupNetworks,
            AuditLog audit,
            CurrentUser currentUser,
            Clock clock,
            @Value("${tunnelgate.gateways.credential-grace:24h}") Duration credentialGrace) {
        this.groups = groups;
        this.members = members;
        this.networks = networks;
        this.desiredState = desiredState;
        this.revisions = revisions;
        this.groupNetworks = groupNetworks;
        this.audit = audit;
        this.currentUser = currentUser;
        this.clock = clock;
        this.credentialGrace = credentialGrace;
    }

    /** Creates a group; invalid settings throw {@link InvalidInputException} naming the field, and nothing is saved. */
    public long createGroup(GroupSpec spec) {
        // Locked before the networks are read for the overlap check: a pool edited meanwhile is either committed
        // and seen here, or waits and then sees this group (DesiredStateUpdates checks it there).
        groupNetworks.lock(spec.validated().networkIds());
        var valid = checked(spec, null);
        GatewayGroup group;
        try {
            group = groups.saveAndFlush(new GatewayGroup(valid, clock.instant()));
        } catch (DataIntegrityViolationException e) {
            throw refusal(e, valid.name());
        }
        if (!valid.networkIds().isEmpty()) {
            revisions.wholeSetChanged(group.id(), () -> desiredState.hash(group));
        }
        assignNetworks(group);
        audit.record(currentUser.actor(), AuditAction.GATEWAY_GROUP_CREATED, target(group), valid.describe());
        return group.id();
    }

    public void updateGroup(long groupId, GroupSpec spec) {
        updateGroup(groupId, spec, null);
    }

    /**
     * As {@link #updateGroup(long, GroupSpec)}, only while the group is at {@code expectedVersion} (null: at any
     * version). The version is compared again under the group's row lock, so of two updates that saw the same version
     * one wins and the other is refused with {@link PreconditionFailedException}.
     */
    public void updateGroup(long groupId, GroupSpec spec, @Nullable Integer expectedVersion) {
        var group = group(groupId);
        if (expectedVersion != null) {
            // Read without a lock, a version can only be newer than the caller's: refused before any lock is taken.
            ETags.requireVersion(expectedVersion, group.version());
        }
        var before = group.settings();
        var touched = new HashSet<>(before.networkIds());
        touched.addAll(spec.validated().networkIds());
        groupNetworks.lock(touched); // before the overlap check reads the networks, as in createGroup
        if (expectedVersion != null) {
            // The networks first, then the group: the order device changes take them in (DesiredStateUpdates).
            int locked = groups.lockVersion(groupId).orElseThrow(() -> notFound(groupId));
            ETags.requireVersion(expectedVersion, locked);
        }
        var valid = checked(spec, groupId);
        group.apply(valid);
        try {
            groups.flush();
        } catch (DataIntegrityViolationException e) {
            throw refusal(e, valid.name());
        }
        if (!new HashSet<>(before.networkIds()).equals(group.networkIds())) {
            revisions.wholeSetChanged(groupId, () -> desiredState.hash(group));
        } else if (before.listenPort() != valid.listenPort()) {
            revisions.settingsChanged(groupId);
        }
        assignNetworks(group);
        before.networkIds().stream()
                .filter(id -> !group.networkIds().contains(id))
                .forEach(id -> networks.releaseGateway(id, currentUser.actor()));
        audit.record(
                currentUser.actor(),
                AuditAction.GATEWAY_GROUP_CHANGED,
                target(group),
                "before=" + before.describe() + " after=" + valid.describe());
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "', '" + Roles.AUDITOR + "')")
    public List<GroupRow> groups() {
        return groups.findAllByOrderByNameAscIdAsc().stream().map(this::row).toList();
    }

    /** One page of groups by name, without a count query. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "', '" + Roles.AUDITOR + "')")
    public Slice<GroupRow> groups(Pageable pageable) {
        return groups.findAllByOrderByNameAscIdAsc(pageable).map(this::row);
    }

    /** One group with the version it was read at, for an update that must not overwrite a newer one. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "', '" + Roles.AUDITOR + "')")
    public Versioned<GroupRow> groupVersioned(long groupId) {
        var group = group(groupId);
        return new Versioned<>(row(group), group.version());
    }

    /** Every member of a group, revoked ones last, with desired against applied revision. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "', '" + Roles.AUDITOR + "')")
    public List<MemberRow> members(long groupId) {
        var group = group(groupId);
        var key = group.publicKey();
        var groupKey = key == null ? null : key.toBase64();
        var now = clock.instant();
        return members.findByGroupIdOrderByNameAscIdAsc(groupId).stream()
                .sorted((a, b) -> Boolean.compare(a.revoked(), b.revoked()))
                .map(m -> new MemberRow(
                        m.id(),
                        groupId,
                        m.name(),
                        online(m, now),
                        m.lastContactAt(),
                        m.agentVersion(),
                        m.reportedPublicKey(),
                        m.reportedPublicKey() != null
                                && groupKey != null
                                && !m.reportedPublicKey().equals(groupKey),
                        group.revision(),
                        m.appliedRevision(),
                        m.appliedAt(),
                        m.peerCount(),
                        m.handshakingPeers(),
                        m.lastError(),
                        m.lastErrorAt(),
                        m.lastDrift(),
                        m.lastDriftAt(),
                        m.revoked(),
                        m.credentialRotatedAt(),
                        m.previousValidUntil(),
                        m.dnsChecks(),
                        m.revoked() ? null : m.endpointRole(),
                        m.revoked() ? null : m.endpointRoleSince()))
                .toList();
    }

    /** Adds a member and returns its credential: the only time it is ever shown. */
    public IssuedCredential addMember(long groupId, String name) {
        var group = group(groupId);
        var cleanName = SafeText.clean(name, MemberField.NAME, 1, GatewayMember.NAME_MAX_LENGTH);
        if (!cleanName.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new InvalidInputException(MemberField.NAME, Message.of("refusals.gateway.member.name"));
        }
        if (members.existsByGroupIdAndNameKey(groupId, UniqueNames.key(cleanName))) {
            throw duplicateMember(cleanName);
        }
        GatewayMember member;
        try {
            member = members.saveAndFlush(new GatewayMember(groupId, cleanName, clock.instant()));
        } catch (DataIntegrityViolationException e) {
            // Another admin added a member of this name (in any case) since the check above.
            if (UniqueNames.refusedBy(e, "uq_gateway_member_name_key")) {
                throw duplicateMember(cleanName);
            }
            throw e;
        }
        var token = GatewayCredentials.issue(member.id());
        member.setCredential(GatewayCredentials.hash(token));
        audit.record(
                currentUser.actor(),
                AuditAction.GATEWAY_MEMBER_ADDED,
                AuditTarget.gatewayMember(member.id()),
                "group=%s name=%s".formatted(group.name(), cleanName));
        return new IssuedCredential(member.id(), cleanName, token);
    }

    /** A new credential; the old one keeps working until the new one is used or the grace period ends. */
    public IssuedCredential rotateCredential(long memberId) {
        var member = member(memberId);
        var token = GatewayCredentials.issue(memberId);
        try {
            member.rotateCredential(GatewayCredentials.hash(token), clock.instant(), credentialGrace);
        } catch (IllegalStateException e) {
            throw new ConflictException(Message.of("refusals.gateway.member.revoked"));
        }
        audit.record(
                currentUser.actor(),
                AuditAction.GATEWAY_CREDENTIAL_ROTATED,
                AuditTarget.gatewayMember(memberId),
                "previous credential valid until " + member.previousValidUntil() + " or until the new one is used");
        return new IssuedCredential(memberId, member.name(), token);
    }

    /** Revokes a member: its credentials stop working at once, and it no longer counts for delivery. */
    public void revokeMember(long memberId) {
        var member = member(memberId);
        try {
            member.revoke(clock.instant());
        } catch (IllegalStateException e) {
            throw new ConflictException(Message.of("refusals.gateway.member.revoked-already"));
        }
        audit.record(
                currentUser.actor(),
                AuditAction.GATEWAY_MEMBER_REVOKED,
                AuditTarget.gatewayMember(memberId),
                "name=" + member.name());
    }

    private GroupSettings checked(GroupSpec spec, @Nullable Long self) {
        var valid = spec.validated();
        groups.findByNameKey(UniqueNames.key(valid.name()))
                .filter(other -> self == null || other.id() != self)
                .ifPresent(other -> {
                    throw duplicateGroup(other.name());
                });
        var specs = new LinkedHashMap<Long, NetworkSettings>();
        for (long networkId : valid.networkIds()) {
            String networkName;
            try {
                specs.put(networkId, networks.get(networkId));
                networkName = specs.get(networkId).name();
            } catch (NetworkNotFoundException e) {
                throw new InvalidInputException(
                        GroupField.NETWORKS, Message.of("refusals.gateway.network.missing", networkId));
            }
            groups.findServing(networkId)
                    .filter(other -> self == null || other.id() != self)
                    .ifPresent(other -> {
                        throw new ConflictException(
                                GroupField.NETWORKS,
                                Message.of("refusals.gateway.network.served", networkName, other.name()));
                    });
        }
        GroupNetworks.requireCompatible(specs, GroupNetworks.Fields.all(GroupField.NETWORKS));
        return valid;
    }

    private static ConflictException duplicateGroup(String name) {
        return new ConflictException(GroupField.NAME, Message.of("refusals.gateway.name-taken", name));
    }

    private static ConflictException duplicateMember(String name) {
        return new ConflictException(MemberField.NAME, Message.of("refusals.gateway.member.name-taken", name));
    }

    /** Another admin stored a group of this name (in any case) since {@link #checked} looked; other refusals are rethrown. */
    private static InvalidInputException refusal(DataIntegrityViolationException e, String name) {
        if (UniqueNames.refusedBy(e, "uq_gateway_group_name_key")) {
            return duplicateGroup(name);
        }
        throw e;
    }

    private void assignNetworks(GatewayGroup group) {
        for (long networkId : group.networkIds()) {
            networks.assignGateway(networkId, group.endpoint(), group.publicKey(), currentUser.actor());
        }
    }

    private GroupRow row(GatewayGroup group) {
        var ids = group.networkIds().stream().sorted().toList();
        var names = ids.stream().map(id -> networks.get(id).name()).toList();
        var active = members.findByGroupIdAndRevokedAtIsNullOrderByNameAscIdAsc(group.id());
        int upToDate = (int) active.stream()
                .filter(m -> m.appliedRevision() >= group.revision())
                .count();
        var key = group.publicKey();
        var now = clock.instant();
        var holders = active.stream()
                .filter(m -> m.endpointRole() == EndpointRole.HOLDER)
                .toList();
        var holding = new EndpointHolding(
                holders.stream()
                        .filter(m -> online(m, now))
                        .map(GatewayMember::name)
                        .toList(),
                holders.stream()
                        .filter(m -> !online(m, now))
                        .map(GatewayMember::name)
                        .toList(),
                active.stream().anyMatch(m -> m.endpointRole() != null),
                active.size());
        return new GroupRow(
                group.id(),
                group.name(),
                group.endpoint().toString(),
                group.listenPort(),
                key == null ? null : key.toBase64(),
                group.revision(),
                ids,
                names,
                desiredState.interfaceConfig(group).addresses(),
                active.size(),
                upToDate,
                holding);
    }

    /** Heard from within the online window, and not revoked. */
    private static boolean online(GatewayMember member, Instant now) {
        var contact = member.lastContactAt();
        return !member.revoked() && contact != null && contact.isAfter(now.minus(ONLINE_WINDOW));
    }

    private GatewayGroup group(long groupId) {
        return groups.findById(groupId).orElseThrow(() -> notFound(groupId));
    }

    private static NotFoundException notFound(long groupId) {
        return new NotFoundException(Message.of("refusals.gateway.not-found", groupId));
    }

    private GatewayMember member(long memberId) {
        return members.findById(memberId)
                .orElseThrow(() -> new NotFoundException(Message.of("refusals.gateway.member.not-found", memberId)));
    }

    private static AuditTarget target(GatewayGroup group) {
        return AuditTarget.gatewayGroup(group.id());
    }
}
