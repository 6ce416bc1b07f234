package dev.tunnelgate.gateways;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Wakes long-polling agents when their group's revision moves. A commit on this portal instance wakes them at
 * once; commits on other instances sharing the database wake them by PostgreSQL notifications
 * ({@link RevisionNotifications}) and are seen anyway by polling the (small) group table. When the
 * portal stops, every waiting agent is let go at once ({@link Waiter} {@code dismiss}): this lifecycle stops before
 * the web server's graceful shutdown, which would otherwise wait for each long poll to run out.
 */
@Component
public class RevisionWatcher implements SmartLifecycle {
    /**
     * Just below the default phase: {@link UnreadyBeforeShutdown} stops first (a higher phase stops earlier), and this
     * still stops long before WebServerGracefulShutdownLifecycle ({@code DEFAULT_PHASE - 1024}).
     */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1;

    private static final Logger log = LoggerFactory.getLogger(RevisionWatcher.class);

    private final JdbcTemplate jdbc;
    private final Duration pollInterval;
    private final Map<Long, Long> revisions = new ConcurrentHashMap<>();
    private final Map<Long, Set<Waiter>> waiters = new ConcurrentHashMap<>();
    private volatile @Nullable ScheduledExecutorService poller;
    private volatile boolean stopping;

    RevisionWatcher(
            JdbcTemplate jdbc, @Value("${tunnelgate.gateways.revision-poll-interval:200ms}") Duration pollInterval) {
        this.jdbc = jdbc;
        this.pollInterval = pollInterval;
    }

    /**
     * A waiting agent: {@code wake} is called once with the new revision, or {@code dismiss} once when the portal
     * stops first, or neither if it is cancelled first.
     */
    public static final class Waiter {
        private final long groupId;
        private final long since;
        private final LongConsumer wake;
        private final Runnable dismiss;
        private boolean done;

        private Waiter(long groupId, long since, LongConsumer wake, Runnable dismiss) {
            this.groupId = groupId;
            this.since = since;
            this.wake = wake;
            this.dismiss = dismiss;
        }

        private boolean take() {
            synchronized (this) {
                if (done) {
                    return false;
                }
                done = true;
                return true;
            }
        }

        private void fire(long revision) {
            if (take()) {
                wake.accept(revision);
            }
        }

        private boolean dismiss() {
            if (!take()) {
                return false;
            }
            try {
                dismiss.run();
            } catch (RuntimeException e) {
                log.warn("Letting a waiting agent go failed: {}", e.toString());
            }
            return true;
        }
    }

    /**
     * Calls {@code wake} as soon as the group's revision is beyond {@code since} (maybe at once), or {@code dismiss}
     * when the portal stops first (at once, if it is stopping already).
     */
    public Waiter await(long groupId, long since, LongConsumer wake, Runnable dismiss) {
        var waiter = new Waiter(groupId, since, wake, dismiss);
        var set = waiters.computeIfAbsent(groupId, id -> ConcurrentHashMap.newKeySet());
        set.add(waiter);
        Long known = revisions.get(groupId);
        if (known != null && known > since) {
            release(waiter, known);
        } else if (stopping) {
            // Registered after stop() walked the waiters (a request that was already on its way): let go here.
            set.remove(waiter);
            waiter.dismiss();
        }
        return waiter;
    }

    public void cancel(Waiter waiter) {
        synchronized (waiter) {
            waiter.done = true;
        }
        var set = waiters.get(waiter.groupId);
        if (set != null) {
            set.remove(waiter);
        }
    }

    Duration pollInterval() {
        return pollInterval;
    }

    /** How many agents of the group wait for a change right now. */
    int waiting(long groupId) {
        var set = waiters.get(groupId);
        return set == null ? 0 : set.size();
    }

    /** This instance committed a new revision. */
    void committed(long groupId, long revision) {
        revisions.merge(groupId, revision, Math::max);
        var set = waiters.get(groupId);
        if (set != null) {
            for (Waiter waiter : set) {
                if (waiter.since < revision) {
                    release(waiter, revision);
                }
            }
        }
    }

    private void release(Waiter waiter, long revision) {
        var set = waiters.get(waiter.groupId);
        if (set != null) {
            set.remove(waiter);
        }
        waiter.fire(revision);
    }

    void poll() {
        try {
            jdbc.query("select id, revision from gateway_group", rs -> {
                long groupId = rs.getLong(1);
                long revision = rs.getLong(2);
                // The database is the truth, also when it went back (a restored backup): no waiter may be woken
                // forever by a revision that no longer exists.
                revisions.put(groupId, revision);
                committed(groupId, revision);
            });
        } catch (RuntimeException e) {
            log.warn("Polling gateway revisions failed: {}", e.getMessage());
        }
    }

    @Override
    public void start() {
        stopping = false;
        poller = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("revision-watcher").daemon().factory());
        poller.scheduleWithFixedDelay(this::poll, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops watching and lets every waiting agent go at once; it asks again in a moment, of whichever portal then
     * answers. Runs after readiness was refused ({@link UnreadyBeforeShutdown}) and before the web server's graceful
     * shutdown (a lower phase), which waits for the requests in flight: with long polls held, that was up to their
     * whole wait.
     */
    @Override
    public void stop() {
        stopping = true;
        var executor = poller;
        if (executor != null) {
            executor.shutdownNow();
        }
        poller = null;
        int dismissed = 0;
        for (var set : waiters.values()) {
            for (Waiter waiter : set) {
                set.remove(waiter);
                if (waiter.dismiss()) {
                    dismissed++;
                }
            }
        }
        if (dismissed > 0) {
            log.info("Let {} waiting agent poll(s) go: the portal stops", dismissed);
        }
    }

    @Override
    public int getPhase() {
        // Stated, not inherited: this must stay above WebServerGracefulShutdownLifecycle's phase.
        return PHASE;
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }
}
