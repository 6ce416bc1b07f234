package dev.tunnelgate.gateways;

import dev.tunnelgate.protocol.PeerSetHash;
import dev.tunnelgate.protocol.PeerSpec;
import java.util.Collection;
import java.util.TreeSet;
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
 * waiting agents are woken after the commit, on this instance directly and on others by {@link RevisionNotifications}).
 * A rollback undoes all of it.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class Revisions {
    /** In {@code gateway_change}: the whole peer set changed, so no delta may span this revision. */
    static final String WHOLE_SET = "*";

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final RevisionWatcher watcher;
    private final RevisionNotifications notifications;

    Revisions(
            JdbcTemplate jdbc,
            ApplicationEventPublisher events,
            RevisionWatcher watcher,
            RevisionNotifications notifications) {
        this.jdbc = jdbc;
        this.events = events;
        this.watcher = watcher;
        this.notifications = notifications;
    }

    /** A peer joined ({@code added}) or left the group's desired set. */
    long peerChanged(long groupId, PeerSpec peer, boolean added) {
        var current = lock(groupId);
        var hash = added ? PeerSetHash.add(current.hash(), peer) : PeerSetHash.remove(current.hash(), peer);
        return raise(groupId, current, hash, peer.publicKey());
    }

    /** One peer whose line changed (its grant): {@code before} as the hash holds it, {@code after} as it should. */
    record Replaced(PeerSpec before, PeerSpec after) {
        Replaced {
            if (!before.publicKey().equals(after.publicKey())) {
                throw new IllegalArgumentException("a replaced peer keeps its public key");
            }
        }
    }

    /**
     * Peers of the group changed their lines (a policy edit changed their grants), all in one revision however
     * many they are: each old line leaves the hash and the new one joins it. Past {@link DesiredState#MAX_DELTA_KEYS}
     * keys the change is logged as a whole-set change, since every delta across it would be a snapshot anyway.
     */
    long peersReplaced(long groupId, Collection<Replaced> peers) {
        var current = lock(groupId);
        String hash = current.hash();
        var keys = new TreeSet<String>();
        for (Replaced peer : peers) {
            hash = PeerSetHash.add(PeerSetHash.remove(hash, peer.before()), peer.after());
            keys.add(peer.after().publicKey());
        }
        if (keys.size() > DesiredState.MAX_DELTA_KEYS) {
            return raise(groupId, current, hash, WHOLE_SET);
        }
        long revision = raise(groupId, current, hash, null);
        jdbc.batchUpdate(
                "insert into gateway_change (group_id, revision, public_key) values (?, ?, ?)",
                keys.stream().map(key -> new Object[] {groupId, revision, key}).toList());
        return revision;
    }

    /**
     * Makes the stored hash the group's desired one if it is not (peers gained grants with an upgrade): agents get
     * a snapshot. Computed after the group row is locked; a null {@code desiredHash} leaves the group as it is.
     * Returns whether the group was repaired: of portals repairing at once, one does it and the others find it done.
     */
    boolean repair(long groupId, Supplier<@Nullable String> desiredHash) {
        var current = lock(groupId);
        String hash = desiredHash.get();
        if (hash == null || hash.equals(current.hash())) {
            return false;
        }
        raise(groupId, current, hash, WHOLE_SET);
        return true;
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
        // Other portal instances: PostgreSQL delivers this at commit (and drops it at a rollback).
        notifications.announce(groupId, revision);
        // This instance: at once, without the round trip.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                watcher.committed(groupId, revision);
            }
        });
        return revision;
    }
}
