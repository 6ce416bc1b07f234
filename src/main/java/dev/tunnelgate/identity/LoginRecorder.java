package dev.tunnelgate.identity;

import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.audit.AuditTarget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates the account on first sign-in and refreshes name, e-mail, roles and groups on every one, audited as a
 * sign-in (the user detail lists them from the audit log). A change of the groups is announced through
 * {@link GroupAssignments} in the sign-in's transaction, so that what the groups decide (access policies) follows at
 * once; an account whose groups SCIM assigns keeps them (and its roles). The sign-in of an offboarded account changes
 * nothing; it is audited as refused at most once per {@link #REFUSALS_AUDITED_EVERY}, so that a client retrying in a
 * loop cannot flood the log.
 */
@Component
class LoginRecorder {
    static final Duration REFUSALS_AUDITED_EVERY = Duration.ofMinutes(1);

    private final AppUserRepository users;
    private final GroupAssignments groups;
    private final UserGroups userGroups;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final Clock clock;

    LoginRecorder(
            AppUserRepository users,
            GroupAssignments groups,
            UserGroups userGroups,
            AuditLog audit,
            TransactionTemplate tx,
            Clock clock) {
        this.users = users;
        this.groups = groups;
        this.userGroups = userGroups;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    /** Records the sign-in and returns the account; an offboarded account comes back unchanged, for the caller to refuse. */
    AppUser signedIn(OidcIdentity identity, Set<Roles.Role> roles) {
        try {
            return tx.execute(status -> upsert(identity, roles));
        } catch (DataIntegrityViolationException concurrentFirstLogin) {
            // Two first sign-ins raced on the unique (issuer, subject); the other one created it.
            return tx.execute(status -> upsert(identity, roles));
        }
    }

    /** The recorded groups of an account (for one whose groups SCIM assigns, they are not the claim's). */
    Set<String> recordedGroups(long userId) {
        return Objects.requireNonNull(tx.execute(status -> userGroups.of(userId)));
    }

    private AppUser upsert(OidcIdentity identity, Set<Roles.Role> roles) {
        var now = clock.instant();
        var existing = users.findByIssuerAndSubject(identity.issuer(), identity.subject());
        if (existing.isPresent() && existing.get().isOffboarded()) {
            return refused(existing.get(), now);
        }
        var user = existing.orElseGet(() -> new AppUser(identity.issuer(), identity.subject(), now));
        // Groups that SCIM assigns are not the claim's to change, nor are the roles they grant.
        var directory = user.hasGroupsFromDirectory();
        var roleText = directory ? user.roles() : Roles.text(roles);
        var rolesChanged = user.signedIn(identity.displayName(), identity.email(), roleText, now);
        var saved = users.saveAndFlush(user);
        var target = AuditTarget.user(saved.id());
        var actor = CurrentUser.actor(identity.displayName(), saved.id());
        if (existing.isEmpty()) {
            audit.record(
                    actor,
                    AuditAction.USER_CREATED,
                    target,
                    "issuer=%s subject=%s roles=%s".formatted(identity.issuer(), identity.subject(), roleText));
        } else if (rolesChanged) {
            audit.record(actor, AuditAction.USER_ROLES_CHANGED, target, "roles=" + roleText);
        }
        if (!directory) {
            groups.replace(saved.id(), identity.groups(), actor);
        }
        audit.record(actor, AuditAction.USER_SIGNED_IN, target, "roles=" + roleText);
        return saved;
    }

    /**
     * Audits a refused sign-in unless one was audited within the last minute. The check and the record happen under
     * the account's row lock, so that sign-ins at once (or on several portal instances) record one.
     */
    private AppUser refused(AppUser user, Instant now) {
        var locked = users.lockById(user.id()).orElseThrow();
        var target = AuditTarget.user(locked.id());
        if (locked.isOffboarded()
                && !audit.recordedSince(AuditAction.USER_SIGN_IN_REFUSED, target, now.minus(REFUSALS_AUDITED_EVERY))) {
            audit.record(
                    CurrentUser.actor(locked.displayName(), locked.id()),
                    AuditAction.USER_SIGN_IN_REFUSED,
                    target,
                    "reason=offboarded offboardedAt=%s offboardedBy=%s"
                            .formatted(locked.offboardedAt(), locked.offboardedBy()));
        }
        return locked;
    }
}
