package dev.tunnelgate.identity;

import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The groups claim of each user's last sign-in, which access policies naming groups are evaluated against. */
@Component
class UserGroups {
    private final JdbcTemplate jdbc;

    UserGroups(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    Set<String> of(long userId) {
        return new TreeSet<>(
                jdbc.queryForList("select group_name from app_user_group where user_id = ?", String.class, userId));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void replace(long userId, Set<String> groups) {
        jdbc.update("delete from app_user_group where user_id = ?", userId);
        jdbc.batchUpdate(
                "insert into app_user_group (user_id, group_name) values (?, ?)",
                groups.stream().map(g -> new Object[] {userId, g}).toList());
    }
}
