package dev.tunnelgate.identity;

import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.audit.AuditTarget;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Creates the account on first sign-in and refreshes name, e-mail and roles on every one. */
@Component
class LoginRecorder {
    private final AppUserRepository users;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final Clock clock;

    LoginRecorder(AppUserRepository users, AuditLog audit, TransactionTemplate tx, Clock clock) {
        this.users = users;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
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
        return saved;
    }
}
