package dev.tunnelgate.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** Users' names and their groups at their last sign-in, read with JDBC (identity builds on this package). */
@Component
class UserRecords {
    private final NamedParameterJdbcTemplate jdbc;

    UserRecords(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<String> name(long userId) {
        return jdbc
                .query(
                        "select display_name from app_user where id = :id",
                        new MapSqlParameterSource("id", userId),
                        (rs, n) -> rs.getString(1))
                .stream()
                .findFirst();
    }

    /** Each user's groups, sorted; users without groups are absent. */
    Map<Long, List<String>> groups(Collection<Long> userIds) {
        var result = new HashMap<Long, List<String>>();
        var all = List.copyOf(userIds);
        for (int from = 0; from < all.size(); from += 1000) {
            jdbc.query(
                    "select user_id, group_name from app_user_group where user_id in (:users)"
                            + " order by user_id, group_name",
                    new MapSqlParameterSource("users", all.subList(from, Math.min(all.size(), from + 1000))),
                    rs -> {
                        result.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                                .add(rs.getString(2));
                    });
        }
        return result;
    }

    /** Users whose name or e-mail contains the filter (any case), by name. */
    List<AccessExplainer.UserOption> search(String filter, int offset, int limit) {
        return jdbc.query(
                "select id, display_name, email from app_user where lower(display_name) like :pattern escape '\\'"
                        + " or lower(coalesce(email, '')) like :pattern escape '\\'"
                        + " order by display_name, id offset :offset rows fetch next :limit rows only",
                new MapSqlParameterSource("pattern", pattern(filter))
                        .addValue("offset", offset)
                        .addValue("limit", limit),
                (rs, n) -> new AccessExplainer.UserOption(rs.getLong(1), rs.getString(2), rs.getString(3)));
    }

    /** A LIKE pattern for "contains", with the filter's own wildcards taken literally. */
    static String pattern(String filter) {
        var escaped = filter.strip()
                .toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
