package dev.tunnelgate.gateways;

import dev.tunnelgate.protocol.PeerSetHash;
import dev.tunnelgate.protocol.PeerSpec;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Raises a group's revision in the transaction of the change that caused it: the row is locked, the peer hash
 * updated, the changed key logged for deltas, and {@link GroupRevisionRaised} published (a job is staged and
 * waiting agents are woken after the commit). A rollback undoes all of it.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class Revisions {
    /** In {@code gateway_change}: the whole peer set changed, so no delta may span this revision. */
    static final String WHOLE_SET = "*";

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final RevisionWatcher watcher;

    Revisions(JdbcTemplate jdbc, ApplicationEventPublisher events, RevisionWatcher watcher) {
        this.jdbc = jdbc;
        this.events = events;
        this.watcher = watcher;
    }

    /** A peer joined ({@code added}) or left the group's desired set. */
    long peerChanged(long groupId, PeerSpec peer, boolean added) {
        var current = lock(groupId);
        var hash = added ? PeerSetHash.add(current.hash(), peer) : PeerSetHash.remove(current.hash(), peer);
        return raise(groupId, current, hash, peer.publicKey());
    }

    /**
     * The group's networks changed: agents behind this revision get a snapshot. The hash is computed after the
     * group row is locked, so no device change can commit between computing and storing it.
     */
    long wholeSetChanged(long groupId, Supplier<String> newHash) {
        var current = lock(groupId);
        return raise(groupId, current, newHash.get(), WHOLE_SET);
    }

    /** Interface settings changed (port, addresses); the peers did not. */
    long settingsChanged(long groupId) {
        var current = lock(groupId);
        return raise(groupId, current, current.hash(), null);
    }

    private record Locked(String name, long revision, String hash) {}

    private Locked lock(long groupId) {
        return jdbc.queryForObject(
                "select name, revision, peer_hash from gateway_group where id = ? for update",
                (rs, row) -> new Locked(rs.getString(1), rs.getLong(2), rs.getString(3)),
                groupId);
    }

    private long raise(long groupId, Locked current, String hash, @Nullable String changedKey) {
        long revision = current.revision() + 1;
        jdbc.update("update gateway_group set revision = ?, peer_hash = ? where id = ?", revision, hash, groupId);
        if (changedKey != null) {
            jdbc.update(
                    "insert into gateway_change (group_id, revision, public_key) values (?, ?, ?)",
                    groupId,
                    revision,
                    changedKey);
        }
        events.publishEvent(new GroupRevisionRaised(groupId, current.name(), revision));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                watcher.committed(groupId, revision);
            }
        });
        return revision;
    }
}
