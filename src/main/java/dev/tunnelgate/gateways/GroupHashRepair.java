package dev.tunnelgate.gateways;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At startup, makes every group's stored peer hash its desired one again where it is not: after the upgrade that
 * brought access policies, peers carry grants (and open networks grant their routes), so the hashes stored before
 * no longer match and deltas could not be proven. Such a group gets a whole-set revision, so its agents take a
 * snapshot. Each group is checked in a transaction of its own under its networks' and its own row lock, so portals
 * starting together repair it once.
 */
@Component
class GroupHashRepair {
    private static final Logger log = LoggerFactory.getLogger(GroupHashRepair.class);

    private final JdbcTemplate jdbc;
    private final GroupNetworks groupNetworks;
    private final Revisions revisions;
    private final DesiredState desiredState;
    private final TransactionTemplate transactions;

    GroupHashRepair(
            JdbcTemplate jdbc,
            GroupNetworks groupNetworks,
            Revisions revisions,
            DesiredState desiredState,
            PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.groupNetworks = groupNetworks;
        this.revisions = revisions;
        this.desiredState = desiredState;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStartup() {
        var repaired = repairAll();
        if (!repaired.isEmpty()) {
            log.info(
                    "Recomputed the peer hash of {} gateway group(s) {} whose peers changed with an upgrade (access"
                            + " grants); their agents get a snapshot",
                    repaired.size(),
                    repaired);
        }
    }

    /** Repairs every group that needs it; returns the ids of the groups this call repaired. */
    List<Long> repairAll() {
        return jdbc.queryForList("select id from gateway_group order by id", Long.class).stream()
                .map(java.util.Objects::requireNonNull)
                .filter(this::repair)
                .toList();
    }

    /** Repairs one group if its stored hash differs from its desired peers'; false if it did not need it. */
    boolean repair(long groupId) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            var networks = networksOf(groupId);
            groupNetworks.lock(networks);
            // A group edit that changed the networks meanwhile raised a whole-set revision with a correct hash.
            return revisions.repair(groupId, () -> networksOf(groupId).equals(networks) ? hashOf(networks) : null);
        }));
    }

    private String hashOf(Set<Long> networks) {
        return dev.tunnelgate.protocol.PeerSetHash.of(desiredState.peers(networks));
    }

    private Set<Long> networksOf(long groupId) {
        var networks = new HashSet<Long>();
        jdbc.query(
                "select network_id from gateway_group_network where group_id = ?",
                rs -> {
                    networks.add(rs.getLong(1));
                },
                groupId);
        return networks;
    }
}
