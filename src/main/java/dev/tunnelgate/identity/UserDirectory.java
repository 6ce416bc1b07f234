package dev.tunnelgate.identity;

import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.audit.AuditTarget;
import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.EnglishTexts;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.Message;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The accounts of everyone who has signed in: read access, the lock that makes one user's requests take turns, and
 * the account side of offboarding (sign-in and enrollment refused until an admin restores the account).
 */
@Service
public class UserDirectory {
    /** What an offboarded user is told when they try to change something. */
    public static final String OFFBOARDED = EnglishTexts.format(Message.of("refusals.user.offboarded"));

    private final AppUserRepository users;
    private final UserGroups groups;
    private final CurrentUser currentUser;
    private final AuditLog audit;
    private final Clock clock;

    UserDirectory(AppUserRepository users, UserGroups groups, CurrentUser currentUser, AuditLog audit, Clock clock) {
        this.users = users;
        this.groups = groups;
        this.currentUser = currentUser;
        this.audit = audit;
        this.clock = clock;
    }

    /** Display names of the given accounts, for lists that show whose a device is. */
    @Transactional(readOnly = true)
    @PreAuthorize("isAuthenticated()")
    public Map<Long, String> displayNames(Collection<Long> userIds) {
        return users.findAllById(userIds).stream().collect(Collectors.toMap(AppUser::id, AppUser::displayName));
    }

    /**
     * Locks the user's account row until the caller's transaction ends. What a user may own only so much of (devices
     * within a network's limit, one device per name) is checked and stored under this lock, so that two requests of
     * one user (two browser windows) take turns instead of both passing the check.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    @PreAuthorize("isAuthenticated()")
    public void lockForUpdate(long userId) {
        users.lockById(userId).orElseThrow(() -> new IllegalStateException("No user " + userId));
    }

    /** One page of users by name, without a count query. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "', '" + Roles.AUDITOR + "')")
    public Slice<UserRow> list(Pageable pageable) {
        return users.findAllByOrderByDisplayNameAscIdAsc(pageable).map(UserRow::of);
    }

    /** One user with the groups and roles of their last sign-in. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "', '" + Roles.AUDITOR + "')")
    public UserProfile profile(long userId) {
        var user = users.findById(userId).orElseThrow(() -> new UserNotFoundException(userId));
        return new UserProfile(
                user.id(),
                user.displayName(),
                user.email(),
                user.roles(),
                List.copyOf(groups.of(userId)),
                user.issuer(),
                user.subject(),
                user.createdAt(),
                user.lastLoginAt(),
                user.offboardedAt(),
                user.offboardedBy());
    }

    /**
     * Refuses a user whose account is offboarded, with {@link #OFFBOARDED}. Called after {@link #lockForUpdate}, it
     * reads the locked row: an offboarding that committed first is seen, one that comes later waits for the caller.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    @PreAuthorize("isAuthenticated()")
    public void requireActive(long userId) {
        if (users.findById(userId).map(AppUser::isOffboarded).orElse(false)) {
            throw new ConflictException(Message.of("refusals.user.offboarded"));
        }
    }

    /** Whether the account is offboarded now (false for an unknown id): one primary-key read, for every request. */
    @PreAuthorize("isAuthenticated()")
    public boolean isOffboarded(long userId) {
        return users.findOffboardedAt(userId).isPresent();
    }

    /**
     * Marks the account offboarded, under the same row lock an enrollment takes ({@link #lockForUpdate}), so that an
     * enrollment either came first (and the caller finds its device to revoke) or waits and is refused. The caller
     * revokes the user's devices and audits {@link AuditAction#USER_OFFBOARDED} in the same transaction. Returns the
     * display name. Unknown ids are "not found"; offboarding twice, or oneself, is refused.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    public String offboard(long userId) {
        if (currentUser.require().userId() == userId) {
            throw new InvalidInputException(Message.of("refusals.user.offboard-self"));
        }
        var user = users.lockById(userId).orElseThrow(() -> new UserNotFoundException(userId));
        if (user.isOffboarded()) {
            throw new ConflictException(Message.of("refusals.user.offboarded-already", user.displayName()));
        }
        user.offboard(currentUser.actor(), clock.instant());
        return user.displayName();
    }

    /**
     * Lets an offboarded user sign in and enroll again. Devices revoked by the offboarding stay revoked: the user
     * enrolls anew. Refused for unknown ids and for accounts that are not offboarded.
     */
    @Transactional
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    public void restore(long userId) {
        var user = users.lockById(userId).orElseThrow(() -> new UserNotFoundException(userId));
        if (!user.isOffboarded()) {
            throw new ConflictException(Message.of("refusals.user.not-offboarded", user.displayName()));
        }
        var details = "offboardedAt=%s offboardedBy=%s".formatted(user.offboardedAt(), user.offboardedBy());
        user.restore();
        audit.record(currentUser.actor(), AuditAction.USER_RESTORED, AuditTarget.user(userId), details);
    }
}
