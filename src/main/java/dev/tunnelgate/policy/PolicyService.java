package dev.tunnelgate.policy;

import dev.tunnelgate.api.ETags;
import dev.tunnelgate.api.PreconditionFailedException;
import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.audit.AuditTarget;
import dev.tunnelgate.identity.CurrentUser;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.UserDirectory;
import dev.tunnelgate.persistence.UniqueNames;
import dev.tunnelgate.persistence.Versioned;
import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.Message;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, changes and deletes access policies; admins write, auditors read. Every change is validated, audited with
 * before and after, and carried to the gateways of the policy's networks before and after the change
 * ({@link AccessChanges}), in its transaction.
 *
 * <p>Locks, in this order: the policy, the destinations it grants before and after (so that a destination edited at
 * the same moment finds the policy's networks settled), then the networks ({@link AccessChanges#before}).
 */
@Service
@Transactional
public class PolicyService {
    private final AccessPolicyRepository policies;
    private final DestinationRepository destinations;
    private final UserDirectory users;
    private final AccessChanges accessChanges;
    private final AuditLog audit;
    private final CurrentUser currentUser;
    private final Clock clock;
    private final NamedParameterJdbcTemplate jdbc;

    PolicyService(
            AccessPolicyRepository policies,
            DestinationRepository destinations,
            UserDirectory users,
            AccessChanges accessChanges,
            AuditLog audit,
            CurrentUser currentUser,
            Clock clock,
            NamedParameterJdbcTemplate jdbc) {
        this.policies = policies;
        this.destinations = destinations;
        this.users = users;
        this.accessChanges = accessChanges;
        this.audit = audit;
        this.currentUser = currentUser;
        this.clock = clock;
        this.jdbc = jdbc;
    }

    /** Creates a policy; invalid input throws {@link InvalidInputException} naming the field, and nothing is saved. */
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    public long create(PolicySpec spec) {
        var valid = PolicyValidator.validate(spec, references(Set.of()));
        requireUniqueName(valid.name(), null);
        return accessChanges.apply(valid.networkIds(), () -> {
            AccessPolicy policy;
            try {
                policy = policies.saveAndFlush(new AccessPolicy(valid, clock.instant()));
            } catch (DataIntegrityViolationException e) {
                throw refusal(e, valid.name());
            }
            audit.record(currentUser.actor(), AuditAction.POLICY_CREATED, target(policy), "after=" + valid);
            return policy.id();
        });
    }

    /** Changes a policy; the devices of its networks before and after reach what it grants now. */
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    public void update(long id, PolicySpec spec) {
        update(id, spec, null);
    }

    /**
     * As {@link #update(long, PolicySpec)}, only while the policy is at {@code expectedVersion} (null: at any
     * version). The version is compared under the policy's row lock, so of two updates that saw the same version one
     * wins and the other is refused with {@link PreconditionFailedException}.
     */
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    public void update(long id, PolicySpec spec, @Nullable Integer expectedVersion) {
        var policy = lockAt(id, expectedVersion);
        var before = policy.settings();
        var valid = PolicyValidator.validate(spec, references(before.destinationIds()));
        requireUniqueName(valid.name(), id);
        var affected = new TreeSet<>(before.networkIds());
        affected.addAll(valid.networkIds());
        accessChanges.apply(affected, () -> {
            policy.apply(valid);
            try {
                policies.flush();
            } catch (DataIntegrityViolationException e) {
                throw refusal(e, valid.name());
            }
            audit.record(
                    currentUser.actor(),
                    AuditAction.POLICY_CHANGED,
                    target(policy),
                    "before=" + before + " after=" + valid);
            return null;
        });
    }

    /** Deletes a policy; the devices of its networks lose what only it granted. */
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    public void delete(long id) {
        delete(id, null);
    }

    /** As {@link #delete(long)}, only while the policy is at {@code expectedVersion} (null: at any version). */
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    public void delete(long id, @Nullable Integer expectedVersion) {
        var policy = lockAt(id, expectedVersion);
        var before = policy.settings();
        accessChanges.apply(before.networkIds(), () -> {
            policies.delete(policy);
            policies.flush();
            audit.record(currentUser.actor(), AuditAction.POLICY_DELETED, target(policy), "before=" + before);
            return null;
        });
    }

    /**
     * Checks a policy's form data without saving it (the destinations it names are locked until the caller's
     * transaction ends): its settings, or the refusal that saving would throw, but for a name taken meanwhile.
     */
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    public PolicySettings validate(PolicySpec spec) {
        return PolicyValidator.validate(spec, references(Set.of()));
    }

    /** One page of policies by name, without a count query. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "', '" + Roles.AUDITOR + "')")
    public Slice<PolicyRow> list(Pageable pageable) {
        var page = policies.findAllByOrderByNameAscIdAsc(pageable);
        var names = new Names(page.getContent());
        return page.map(names::row);
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "', '" + Roles.AUDITOR + "')")
    public PolicyRow get(long id) {
        var policy = policies.findById(id).orElseThrow(() -> new PolicyNotFoundException(id));
        return new Names(List.of(policy)).row(policy);
    }

    /** A policy with the version it was read at, for an update that must not overwrite a newer one. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "', '" + Roles.AUDITOR + "')")
    public Versioned<PolicyRow> getVersioned(long id) {
        var policy = policies.findById(id).orElseThrow(() -> new PolicyNotFoundException(id));
        return new Versioned<>(new Names(List.of(policy)).row(policy), policy.version());
    }

    /** The policy, row-locked; refused unless it is at {@code expectedVersion} (null: no expectation). */
    private AccessPolicy lockAt(long id, @Nullable Integer expectedVersion) {
        var policy = policies.lockById(id).orElseThrow(() -> new PolicyNotFoundException(id));
        if (expectedVersion != null) {
            ETags.requireVersion(expectedVersion, policy.version());
        }
        return policy;
    }

    /**
     * What a policy may refer to: networks and users that exist, and destinations that exist, locked together with
     * {@code alsoLock} (the destinations the policy granted before) in one statement, in id order.
     */
    private PolicyValidator.References references(Set<Long> alsoLock) {
        return new PolicyValidator.References(
                ids -> existing("select id from network where id in (:ids)", ids),
                ids -> {
                    var locked = new TreeSet<>(ids);
                    locked.addAll(alsoLock);
                    return new HashSet<>(destinations.lockAll(locked));
                },
                ids -> ids.isEmpty() ? Set.of() : users.displayNames(ids).keySet());
    }

    private Set<Long> existing(String sql, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.queryForList(sql, new MapSqlParameterSource("ids", ids), Long.class));
    }

    /** The names of what a page of policies refers to, read with one query per kind. */
    private final class Names {
        private final Map<Long, String> networks = new HashMap<>();
        private final Map<Long, String> destinationNames = new HashMap<>();
        private final Map<Long, String> userNames;

        Names(List<AccessPolicy> page) {
            var networkIds = new HashSet<Long>();
            var destinationIds = new HashSet<Long>();
            var userIds = new HashSet<Long>();
            for (var policy : page) {
                var settings = policy.settings();
                networkIds.addAll(settings.networkIds());
                destinationIds.addAll(settings.destinationIds());
                userIds.addAll(settings.userIds());
            }
            if (!networkIds.isEmpty()) {
                jdbc.query(
                        "select id, name from network where id in (:ids)",
                        new MapSqlParameterSource("ids", networkIds),
                        rs -> {
                            networks.put(rs.getLong(1), rs.getString(2));
                        });
            }
            destinations.findAllById(destinationIds).forEach(d -> destinationNames.put(d.id(), d.name()));
            userNames = userIds.isEmpty() ? Map.of() : users.displayNames(userIds);
        }

        PolicyRow row(AccessPolicy policy) {
            var settings = policy.settings();
            return new PolicyRow(
                    policy.id(),
                    settings,
                    sortedNames(settings.networkIds(), networks),
                    sortedNames(settings.destinationIds(), destinationNames),
                    sortedNames(settings.userIds(), userNames));
        }

        private static List<String> sortedNames(Set<Long> ids, Map<Long, String> names) {
            return ids.stream()
                    .map(id -> names.getOrDefault(id, "#" + id))
                    .sorted(String.CASE_INSENSITIVE_ORDER)
                    .toList();
        }
    }

    private void requireUniqueName(String name, @Nullable Long self) {
        policies.findByNameKey(UniqueNames.key(name))
                .filter(other -> self == null || other.id() != self.longValue())
                .ifPresent(other -> {
                    throw duplicateName(other.name());
                });
    }

    private static ConflictException duplicateName(String name) {
        return new ConflictException(PolicyField.NAME, Message.of("refusals.policy.name-taken", name));
    }

    /** Another admin stored this name (in any case) since {@link #requireUniqueName} looked. */
    private static InvalidInputException refusal(DataIntegrityViolationException e, String name) {
        if (UniqueNames.refusedBy(e, "uq_access_policy_name_key")) {
            return duplicateName(name);
        }
        throw e;
    }

    private static AuditTarget target(AccessPolicy policy) {
        return AuditTarget.policy(policy.id());
    }
}
