package dev.tunnelgate.identity;

import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.audit.AuditTarget;
import dev.tunnelgate.persistence.UniqueNames;
import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.Message;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The account side of provisioning by the identity provider (SCIM): accounts are created or taken over by (issuer,
 * subject), so that the person's sign-in finds the same account; their SCIM attributes are kept; their groups and the
 * roles those groups grant are set at once; they are offboarded and restored. Only the provisioning client (role
 * {@link Roles#PROVISIONER}) calls these, inside its own transaction; the caller decides what the subject is.
 */
@Service
@PreAuthorize("hasRole('" + Roles.PROVISIONER + "')")
public class ProvisionedUsers {
    /** The longest userName and externalId kept (the columns' size). */
    public static final int ATTRIBUTE_MAX_LENGTH = 256;

    public static final int SUBJECT_MAX_LENGTH = AppUser.SUBJECT_MAX_LENGTH;
    public static final int DISPLAY_NAME_MAX_LENGTH = AppUser.DISPLAY_NAME_MAX_LENGTH;
    public static final int EMAIL_MAX_LENGTH = AppUser.EMAIL_MAX_LENGTH;

    private static final String USER_NAME_CONSTRAINT = "uq_app_user_scim_user_name";
    private static final String IDENTITY_CONSTRAINT = "uq_app_user_identity";

    private final AppUserRepository users;
    private final GroupAssignments groups;
    private final IdentitySettings identitySettings;
    private final AuditLog audit;
    private final EntityManager entities;
    private final Clock clock;

    ProvisionedUsers(
            AppUserRepository users,
            GroupAssignments groups,
            IdentitySettings identitySettings,
            AuditLog audit,
            EntityManager entities,
            Clock clock) {
        this.users = users;
        this.groups = groups;
        this.identitySettings = identitySettings;
        this.audit = audit;
        this.entities = entities;
        this.clock = clock;
    }

    /** What the identity provider says about a user; texts are checked by the caller (single line, sizes). */
    public record Attributes(
            String userName,
            @Nullable String externalId,
            String displayName,
            @Nullable String email) {
        @Override
        public String toString() {
            return "userName=%s externalId=%s displayName=%s email=%s"
                    .formatted(userName, externalId, displayName, email);
        }
    }

    /** Which provisioned accounts a list shows: all, or those whose userName (ignoring case) or externalId is given. */
    public enum Match {
        ALL,
        USER_NAME,
        EXTERNAL_ID
    }

    /**
     * Provisions the account (issuer, subject): creates it, or takes over the account of a person who signed in
     * before and is not provisioned. Refuses an account that is provisioned already, and a userName that another
     * provisioned account of the issuer has, ignoring case.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public ProvisionedUser provision(String issuer, String subject, Attributes attributes, String actor) {
        var now = clock.instant();
        var existing = users.findByIssuerAndSubject(issuer, subject).flatMap(user -> users.lockById(user.id()));
        if (existing.isPresent() && existing.get().scimUserName() != null) {
            throw new ConflictException(Message.of("refusals.scim.provisioned-already"));
        }
        var user = existing.orElseGet(() -> new AppUser(issuer, subject, now));
        requireUserNameFree(
                issuer, attributes.userName(), existing.map(AppUser::id).orElse(null));
        user.provision(
                attributes.userName(),
                UniqueNames.key(attributes.userName()),
                attributes.externalId(),
                attributes.displayName(),
                attributes.email(),
                now);
        if (existing.isEmpty()) {
            user.rolesFromDirectory(Roles.text(EnumSet.of(Roles.Role.USER)));
        }
        var saved = save(user);
        var target = AuditTarget.user(saved.id());
        if (existing.isEmpty()) {
            audit.record(
                    actor,
                    AuditAction.USER_CREATED,
                    target,
                    "issuer=%s subject=%s roles=%s".formatted(issuer, subject, saved.roles()));
        }
        audit.record(actor, AuditAction.USER_PROVISIONED, target, attributes.toString());
        return ProvisionedUser.of(saved);
    }

    /** A provisioned account of this issuer. */
    @Transactional(readOnly = true)
    public Optional<ProvisionedUser> find(String issuer, long userId) {
        return users.findById(userId)
                .filter(u -> u.issuer().equals(issuer) && u.scimUserName() != null)
                .map(ProvisionedUser::of);
    }

    /**
     * Locks a provisioned account of this issuer until the caller's transaction ends (what changes it takes turns);
     * empty when there is no such account.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<ProvisionedUser> lock(String issuer, long userId) {
        return users.lockById(userId)
                .filter(u -> u.issuer().equals(issuer) && u.scimUserName() != null)
                .map(ProvisionedUser::of);
    }

    /** One page of the provisioned accounts of the issuer that match, by id, from {@code offset} (0 the first). */
    @Transactional(readOnly = true)
    public List<ProvisionedUser> list(String issuer, Match match, String value, int offset, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        var query = entities.createQuery(
                "select u from AppUser u where " + condition(match) + " order by u.id", AppUser.class);
        query.setParameter("issuer", issuer);
        if (match != Match.ALL) {
            query.setParameter("value", match == Match.USER_NAME ? UniqueNames.key(value) : value);
        }
        return query.setFirstResult(offset).setMaxResults(limit).getResultList().stream()
                .map(ProvisionedUser::of)
                .toList();
    }

    /** How many provisioned accounts of the issuer match. */
    @Transactional(readOnly = true)
    public long count(String issuer, Match match, String value) {
        var query = entities.createQuery("select count(u) from AppUser u where " + condition(match), Long.class);
        query.setParameter("issuer", issuer);
        if (match != Match.ALL) {
            query.setParameter("value", match == Match.USER_NAME ? UniqueNames.key(value) : value);
        }
        return query.getSingleResult();
    }

    private static String condition(Match match) {
        var provisioned = "u.issuer = :issuer and u.scimUserName is not null";
        return provisioned
                + switch (match) {
                    case ALL -> "";
                    case USER_NAME -> " and u.scimUserNameKey = :value";
                    case EXTERNAL_ID -> " and u.scimExternalId = :value";
                };
    }

    /** Changes the SCIM attributes of an account the caller locked ({@link #lock}); audited when anything changed. */
    @Transactional(propagation = Propagation.MANDATORY)
    public ProvisionedUser update(String issuer, long userId, Attributes attributes, String actor) {
        var user = users.findById(userId)
                .filter(u -> u.issuer().equals(issuer) && u.scimUserName() != null)
                .orElseThrow(() -> new UserNotFoundException(userId));
        var before = attributesOf(user);
        if (before.equals(attributes)) {
            return ProvisionedUser.of(user);
        }
        requireUserNameFree(issuer, attributes.userName(), userId);
        user.provision(
                attributes.userName(),
                UniqueNames.key(attributes.userName()),
                attributes.externalId(),
                attributes.displayName(),
                attributes.email(),
                clock.instant());
        var saved = save(user);
        audit.record(
                actor,
                AuditAction.USER_PROVISIONING_CHANGED,
                AuditTarget.user(userId),
                "before=[%s] after=[%s]".formatted(before, attributes));
        return ProvisionedUser.of(saved);
    }

    /**
     * Ends the provisioning of an account the caller locked: SCIM no longer finds it; the account, its devices and
     * its audit trail stay. The caller offboards it first.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void deprovision(long userId, String actor) {
        var user = users.findById(userId).orElseThrow(() -> new UserNotFoundException(userId));
        var before = attributesOf(user);
        user.deprovision(clock.instant());
        users.saveAndFlush(user);
        audit.record(actor, AuditAction.USER_DEPROVISIONED, AuditTarget.user(userId), "before=[%s]".formatted(before));
    }

    /**
     * Marks the account offboarded because the identity provider deactivated it; the caller (devices' offboarding)
     * revokes the devices and audits in the same transaction. Returns the display name.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String offboard(long userId, String actor) {
        var user = users.lockById(userId).orElseThrow(() -> new UserNotFoundException(userId));
        if (user.isOffboarded()) {
            throw new ConflictException(Message.of("refusals.user.offboarded-already", user.displayName()));
        }
        user.offboard(actor, clock.instant());
        return user.displayName();
    }

    /** Lets an account the identity provider activated again sign in and enroll; revoked devices stay revoked. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void restore(long userId, String actor) {
        var user = users.lockById(userId).orElseThrow(() -> new UserNotFoundException(userId));
        if (!user.isOffboarded()) {
            throw new ConflictException(Message.of("refusals.user.not-offboarded", user.displayName()));
        }
        var details = "offboardedAt=%s offboardedBy=%s".formatted(user.offboardedAt(), user.offboardedBy());
        user.restore();
        audit.record(actor, AuditAction.USER_RESTORED, AuditTarget.user(userId), details);
    }

    /**
     * Replaces the user's recorded groups as a sign-in would (announced, so policies are re-evaluated and gateways
     * follow, and audited), and sets the roles these groups grant. From then on SCIM is the source of the account's
     * groups: its sign-ins leave them, and the roles, as they are. The caller locked the account.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void assignGroups(long userId, Collection<String> groupNames, String actor) {
        var recorded = groups.replace(userId, groupNames, actor);
        var user = users.findById(userId).orElseThrow(() -> new UserNotFoundException(userId));
        var roles = Roles.text(Roles.fromGroups(recorded, identitySettings));
        user.groupsFromDirectory();
        var rolesChanged = user.rolesFromDirectory(roles);
        users.saveAndFlush(user);
        if (rolesChanged) {
            audit.record(actor, AuditAction.USER_ROLES_CHANGED, AuditTarget.user(userId), "roles=" + roles);
        }
    }

    /**
     * Locks those of these accounts that are provisioned accounts of the issuer, in id order (so that two callers
     * locking overlapping sets cannot deadlock); returns their ids and userNames.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Map<Long, String> lockAll(String issuer, Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        return entities
                .createQuery("select u from AppUser u where u.id in :ids order by u.id", AppUser.class)
                .setParameter("ids", Set.copyOf(userIds))
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList()
                .stream()
                .filter(u -> u.issuer().equals(issuer) && u.scimUserName() != null)
                .collect(Collectors.toMap(AppUser::id, u -> String.valueOf(u.scimUserName())));
    }

    /** The userNames of these accounts that are provisioned (for a group's member list). */
    @Transactional(readOnly = true)
    public Map<Long, String> userNames(Collection<Long> userIds) {
        return users.findAllById(userIds).stream()
                .filter(u -> u.scimUserName() != null)
                .collect(Collectors.toMap(AppUser::id, u -> String.valueOf(u.scimUserName())));
    }

    private void requireUserNameFree(String issuer, String userName, @Nullable Long self) {
        var taken = entities
                .createQuery(
                        "select u.id from AppUser u where u.issuer = :issuer and u.scimUserNameKey = :key", Long.class)
                .setParameter("issuer", issuer)
                .setParameter("key", UniqueNames.key(userName))
                .getResultList()
                .stream()
                .anyMatch(id -> !id.equals(self));
        if (taken) {
            throw new ConflictException(Message.of("refusals.scim.user-name-taken"));
        }
    }

    /** Saves and flushes, so that a unique constraint lost to a racing request is refused here, as a conflict. */
    private AppUser save(AppUser user) {
        try {
            return users.saveAndFlush(user);
        } catch (DataIntegrityViolationException e) {
            if (UniqueNames.refusedBy(e, USER_NAME_CONSTRAINT)) {
                throw new ConflictException(Message.of("refusals.scim.user-name-taken"));
            }
            if (UniqueNames.refusedBy(e, IDENTITY_CONSTRAINT)) {
                throw new ConflictException(Message.of("refusals.scim.provisioned-already"));
            }
            throw e;
        }
    }

    private static Attributes attributesOf(AppUser user) {
        return new Attributes(
                String.valueOf(user.scimUserName()), user.scimExternalId(), user.displayName(), user.email());
    }
}
