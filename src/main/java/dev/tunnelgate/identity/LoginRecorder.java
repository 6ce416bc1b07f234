package dev.tunnelgate.identity;

import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.audit.AuditTarget;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates the account on first sign-in and refreshes name, e-mail, roles and groups on every one. A change of the
 * groups is announced ({@link UserGroupsChanging} before, {@link UserGroupsChanged} after) in the sign-in's
 * transaction, so that what the groups decide (access policies) follows at once.
 */
@Component
class LoginRecorder {
    /** More groups than any real directory sends a user; beyond it the claim is cut (sorted, the first ones kept). */
    static final int MAX_GROUPS = 1000;

    private final AppUserRepository users;
    private final UserGroups groups;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    LoginRecorder(
            AppUserRepository users,
            UserGroups groups,
            AuditLog audit,
            TransactionTemplate tx,
            Clock clock,
            ApplicationEventPublisher events) {
        this.users = users;
        this.groups = groups;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
        this.events = events;
    }

    AppUser signedIn(OidcIdentity identity, Set<Roles.Role> roles) {
        try {
            return tx.execute(status -> upsert(identity, roles));
        } catch (DataIntegrityViolationException concurrentFirstLogin) {
            // Two first sign-ins raced on the unique (issuer, subject); the other one created it.
            return tx.execute(status -> upsert(identity, roles));
        }
    }

    private AppUser upsert(OidcIdentity identity, Set<Roles.Role> roles) {
        var now = clock.instant();
        var existing = users.findByIssuerAndSubject(identity.issuer(), identity.subject());
        var user = existing.orElseGet(() -> new AppUser(identity.issuer(), identity.subject(), now));
        var roleText = roles.stream()
                .map(Enum::name)
                .collect(Collectors.toCollection(TreeSet::new))
                .toString();
        var rolesChanged = user.signedIn(identity.displayName(), identity.email(), roleText, now);
        var saved = users.saveAndFlush(user);
        var target = AuditTarget.user(saved.id());
        if (existing.isEmpty()) {
            audit.record(
                    identity.displayName(),
                    AuditAction.USER_CREATED,
                    target,
                    "issuer=%s subject=%s roles=%s".formatted(identity.issuer(), identity.subject(), roleText));
        } else if (rolesChanged) {
            audit.record(identity.displayName(), AuditAction.USER_ROLES_CHANGED, target, "roles=" + roleText);
        }
        recordGroups(saved.id(), identity);
        return saved;
    }

    /** Replaces the recorded groups when the claim names others; names that no policy could name are left out. */
    private void recordGroups(long userId, OidcIdentity identity) {
        var claimed = identity.groups().stream()
                .map(GroupNames::normalize)
                .filter(GroupNames::isRecordable)
                .sorted()
                .limit(MAX_GROUPS)
                .collect(Collectors.toCollection(TreeSet::new));
        var before = groups.of(userId);
        if (before.equals(claimed)) {
            return;
        }
        events.publishEvent(new UserGroupsChanging(userId));
        groups.replace(userId, claimed);
        audit.record(
                identity.displayName(),
                AuditAction.USER_GROUPS_CHANGED,
                AuditTarget.user(userId),
                "before=%s after=%s".formatted(before, claimed));
        events.publishEvent(new UserGroupsChanged(userId));
    }
}
