package dev.tunnelgate.devices;

import dev.tunnelgate.networks.NetworkService;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Revokes devices by policy, without anyone's click: devices whose expiry has come, and active devices of networks
 * with a stale rule that no gateway has seen for that long (a device never seen counts from its approval). The actor
 * is {@code policy}; the owner sees the reason. Each batch is one transaction that locks its devices in id order
 * before it changes any ({@link DeviceRevoker#revokeAll}), so an owner or admin revoking one at the same moment wins
 * or is skipped, never doubled. A batch that fails is retried device by device, and a device that still fails is
 * logged and skipped, so that one bad row never holds back the others.
 */
@Component
public class DeviceLifecycle {
    static final String ACTOR = "policy";
    static final String EXPIRED = "expired";
    private static final int BATCH = 200;
    private static final Logger log = LoggerFactory.getLogger(DeviceLifecycle.class);

    private final JdbcTemplate jdbc;
    private final DeviceRevoker revoker;
    private final NetworkService networks;
    private final TransactionTemplate tx;

    DeviceLifecycle(JdbcTemplate jdbc, DeviceRevoker revoker, NetworkService networks, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.revoker = revoker;
        this.networks = networks;
        this.tx = tx;
    }

    /** Revokes every pending or active device whose expiry is at or before {@code now}; returns how many. */
    public int expire(Instant now) {
        int revoked = 0;
        long after = 0;
        List<Long> batch;
        do {
            batch = jdbc.query(
                    "select id from device where status in ('PENDING', 'ACTIVE') and expires_at <= ? and id > ?"
                            + " order by id fetch first " + BATCH + " rows only",
                    (rs, i) -> rs.getLong(1),
                    Timestamp.from(now),
                    after);
            revoked += revokeAll(batch, EXPIRED);
            after = batch.isEmpty() ? after : batch.getLast();
        } while (batch.size() == BATCH);
        return revoked;
    }

    /**
     * Revokes the active devices of every network with a stale rule whose newest handshake (or, never seen, their
     * approval) is older than the rule allows at {@code now}; returns how many.
     */
    public int revokeStale(Instant now) {
        int revoked = 0;
        var rules = jdbc.query("select id, stale_after_days from network where stale_after_days is not null", (rs, i) ->
                new long[] {rs.getLong(1), rs.getInt(2)});
        for (long[] rule : rules) {
            long networkId = rule[0];
            int days = (int) rule[1];
            var cutoff = Timestamp.from(now.minus(Duration.ofDays(days)));
            var reason = "no handshake for %d days".formatted(days);
            long after = 0;
            List<Long> batch;
            do {
                batch = jdbc.query(
                        "select id from device where network_id = ? and status = 'ACTIVE'"
                                + " and coalesce(last_handshake_at, decided_at, created_at) < ? and id > ?"
                                + " order by id fetch first " + BATCH + " rows only",
                        (rs, i) -> rs.getLong(1),
                        networkId,
                        cutoff,
                        after);
                revoked += revokeAll(batch, reason);
                after = batch.isEmpty() ? after : batch.getLast();
            } while (batch.size() == BATCH && stillStale(networkId, days));
        }
        return revoked;
    }

    private boolean stillStale(long networkId, int days) {
        return Integer.valueOf(days).equals(networks.lifecycle(networkId).staleAfterDays());
    }

    private int revokeAll(List<Long> ids, String reason) {
        if (ids.isEmpty()) {
            return 0;
        }
        try {
            Integer count = tx.execute(status -> revoker.revokeAll(ids, ACTOR, reason));
            return count == null ? 0 : count;
        } catch (RuntimeException batchFailure) {
            log.warn("Revoking {} device(s) by policy failed; trying them one by one", ids.size(), batchFailure);
            int count = 0;
            for (long id : ids) {
                try {
                    if (Boolean.TRUE.equals(tx.execute(status -> revoker.revoke(id, ACTOR, reason)))) {
                        count++;
                    }
                } catch (RuntimeException e) {
                    log.error("Device {} could not be revoked by policy ({}); the next run tries again", id, reason, e);
                }
            }
            return count;
        }
    }
}
