package dev.tunnelgate.gateways;

import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes the {@code gateway_change} rows that no member can still need. A member asks for the changes since the
 * revision it applied, and members never go back (such reports are refused), so the rows at or below the lowest
 * revision applied by the group's live members are never asked for again. Members that never applied anything get a
 * snapshot anyway and do not hold the horizon back; a revoked member does not either.
 *
 * <p>A whole-set marker is left at the horizon, so that an agent that does ask from below it (restored from an old
 * backup, say) gets a snapshot instead of a delta that would miss the pruned changes, and the delivery state of
 * every key counts as changed no later than the horizon, which every live member has applied.
 */
@Component
public class ChangeLogPruning {
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    ChangeLogPruning(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** Prunes every group, each in a transaction of its own under its row lock; returns how many rows went. */
    public int prune() {
        int pruned = 0;
        for (long groupId : jdbc.query("select id from gateway_group order by id", (rs, i) -> rs.getLong(1))) {
            Integer rows = tx.execute(status -> pruneGroup(groupId));
            pruned += rows == null ? 0 : rows;
        }
        return pruned;
    }

    private int pruneGroup(long groupId) {
        // Revisions raise a group's revision under this lock, so no change is recorded below the horizon meanwhile.
        List<Long> locked = jdbc.query(
                "select revision from gateway_group where id = ? for update", (rs, i) -> rs.getLong(1), groupId);
        if (locked.isEmpty()) {
            return 0;
        }
        Long horizon = jdbc.queryForObject(
                "select min(applied_revision) from gateway_member"
                        + " where group_id = ? and revoked_at is null and applied_revision > 0",
                Long.class,
                groupId);
        if (horizon == null) {
            return 0;
        }
        int stale = Objects.requireNonNull(jdbc.queryForObject(
                "select count(*) from gateway_change where group_id = ?"
                        + " and (revision < ? or (revision = ? and public_key <> ?))",
                Integer.class,
                groupId,
                horizon,
                horizon,
                Revisions.WHOLE_SET));
        if (stale == 0) {
            return 0;
        }
        jdbc.update(
                "delete from gateway_change where group_id = ? and (revision < ? or (revision = ? and public_key <> ?))",
                groupId,
                horizon,
                horizon,
                Revisions.WHOLE_SET);
        jdbc.update(
                "insert into gateway_change (group_id, revision, public_key) select ?, ?, ? from gateway_group"
                        + " where id = ? and not exists (select 1 from gateway_change"
                        + " where group_id = ? and revision = ? and public_key = ?)",
                groupId,
                horizon,
                Revisions.WHOLE_SET,
                groupId,
                groupId,
                horizon,
                Revisions.WHOLE_SET);
        return stale;
    }
}
