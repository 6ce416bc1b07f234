package dev.tunnelgate.identity;

import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Read access to the accounts of everyone who has signed in, and the lock that makes one user's requests take turns. */
@Service
public class UserDirectory {
    private final AppUserRepository users;

    UserDirectory(AppUserRepository users) {
        this.users = users;
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
}
