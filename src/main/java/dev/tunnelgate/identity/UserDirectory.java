package dev.tunnelgate.identity;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read access to the accounts of everyone who has signed in. */
@Service
public class UserDirectory {
    private final AppUserRepository users;

    UserDirectory(AppUserRepository users) {
        this.users = users;
    }

    /** One page of users by name, without a count query. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "', '" + Roles.AUDITOR + "')")
    public Slice<UserRow> list(Pageable pageable) {
        return users.findAllByOrderByDisplayNameAscIdAsc(pageable).map(UserRow::of);
    }
}
