package dev.tunnelgate.policy;

import dev.tunnelgate.identity.UserGroupsChanged;
import dev.tunnelgate.identity.UserGroupsChanging;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A sign-in that changes a user's groups changes what the user's active devices may reach: it goes to the gateways
 * in the sign-in's transaction, like an edit of a policy.
 */
@Component
class UserGroupsListener {
    private final AccessChanges accessChanges;
    private final JdbcTemplate jdbc;

    UserGroupsListener(AccessChanges accessChanges, JdbcTemplate jdbc) {
        this.accessChanges = accessChanges;
        this.jdbc = jdbc;
    }

    @EventListener
    void changing(UserGroupsChanging event) {
        var networks = jdbc.query(
                // Pending ones too: an approval racing this sign-in takes the same network lock, so it computes the
                // grant either before (and this sign-in compares it) or after the groups change.
                "select distinct network_id from device where owner_id = ? and status in ('ACTIVE', 'PENDING')",
                (rs, row) -> rs.getLong(1),
                event.userId());
        accessChanges.before(networks);
    }

    @EventListener
    void changed(UserGroupsChanged event) {
        accessChanges.after();
    }
}
