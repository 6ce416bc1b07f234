package dev.tunnelgate.agent;

import dev.tunnelgate.agent.AgentMetrics.PollOutcome;
import dev.tunnelgate.protocol.GatewayState;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * The long poll: a snapshot first and after every answer that could not be used, deltas in between. Whatever goes
 * wrong, the interface keeps its last good config and the loop retries; it never tears anything down. A portal that
 * could not be reached is asked again within {@link Backoff#RECONNECT}, for the changes since the desired revision
 * (nothing about the applied state became doubtful, and a delta is proven by its hash); a portal that answered with
 * an error is asked again with exponential backoff, for a snapshot.
 */
final class AgentLoop {
    private static final System.Logger LOG = System.getLogger(AgentLoop.class.getName());
    static final int WAIT_SECONDS = 25;
    /** While the portal stays unreachable, a warning at most this often (an attempt is made every second or so). */
    static final Duration OUTAGE_LOG_INTERVAL = Duration.ofMinutes(1);

    /** Waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final PortalClient portal;
    private final InterfaceKeeper keeper;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final int waitSeconds;
    // Touched by the loop thread only.
    private boolean snapshotNeeded = true;
    /** The last attempt did not reach the portal: the next one follows {@link Backoff#reconnect()}. */
    private boolean unreachable;

    private final AgentMetrics metrics;
    private final Outage outage = new Outage();
    private volatile boolean stopped;

    AgentLoop(PortalClient portal, InterfaceKeeper keeper, Backoff backoff, Sleeper sleeper, int waitSeconds) {
        this(portal, keeper, backoff, sleeper, waitSeconds, new AgentMetrics(InstantSource.system(), "unused"));
    }

    AgentLoop(
            PortalClient portal,
            InterfaceKeeper keeper,
            Backoff backoff,
            Sleeper sleeper,
            int waitSeconds,
            AgentMetrics metrics) {
        this.metrics = metrics;
        this.portal = portal;
        this.keeper = keeper;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.waitSeconds = waitSeconds;
    }

    /** Polls until {@link #stop()}. */
    void run() {
        try {
            while (!stopped) {
                if (!pollOnce() && !stopped) {
                    sleeper.sleep(unreachable ? backoff.reconnect() : backoff.next());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop() {
        stopped = true;
    }

    /** One request and whatever it brings; false when the next attempt should wait (backoff). */
    boolean pollOnce() throws InterruptedException {
        boolean snapshot = snapshotNeeded;
        long applied = keeper.desiredRevision();
        Optional<GatewayState> answer;
        long asked = System.nanoTime();
        unreachable = false;
        try {
            answer = portal.poll(snapshot ? 0 : applied, waitSeconds);
        } catch (PortalClient.InvalidAnswer e) {
            outage.over(asked);
            return rejected(reason(e));
        } catch (PortalClient.Refused e) {
            if (PortalClient.answeredForAnAbsentPortal(e.status())) {
                return unreachable(asked, reason(e));
            }
            outage.over(asked);
            return refused(e.getMessage() + (e.status() == 401 ? " (check the token file)" : ""), PollOutcome.REFUSED);
        } catch (PortalClient.NoCredential e) {
            // Nothing reached the portal, but asking every second would not help either (and would log every time).
            return refused(reason(e), PollOutcome.NO_CREDENTIAL);
        } catch (IOException e) {
            // PortalClient.Unreachable says why (refused, timed out, TLS, DNS) and where.
            return unreachable(asked, InterfaceKeeper.message(e));
        }
        outage.over(asked);
        if (answer.isEmpty()) {
            if (snapshot) {
                // A snapshot is answered at once; without this a portal with nothing for us would be asked in a tight
                // loop.
                return refused("the portal has no snapshot for this gateway (204)", PollOutcome.REFUSED);
            }
            if (System.nanoTime() - asked < Duration.ofSeconds(waitSeconds).toNanos() / 2) {
                // The portal holds a poll for the whole wait; "nothing new" at once (a proxy in between, an old
                // portal) must not turn into a tight loop of requests.
                LOG.log(
                        Level.WARNING,
                        "the portal answered \"nothing new\" without waiting; asking again after a pause");
                metrics.polled(PollOutcome.OK);
                return false;
            }
            metrics.polled(PollOutcome.OK);
            backoff.reset();
            return true;
        }
        GatewayState state = answer.get();
        if (snapshot && state.kind() == GatewayState.Kind.DELTA) {
            return rejected("asked for a snapshot, the portal sent a delta from " + state.since());
        }
        try {
            keeper.accept(state);
        } catch (IllegalArgumentException e) {
            return rejected(reason(e));
        } catch (IOException e) {
            return rejected("applying revision " + state.revision() + " failed: " + InterfaceKeeper.message(e));
        }
        snapshotNeeded = false;
        metrics.polled(PollOutcome.OK);
        // A snapshot of what is already applied, unasked for, means the portal has nothing newer (a gateway at
        // revision 0 asks with since=0): wait, longer each time, rather than ask again at once.
        boolean progressed = snapshot || state.kind() == GatewayState.Kind.DELTA || state.revision() != applied;
        if (progressed) {
            backoff.reset();
        }
        return progressed;
    }

    /**
     * The portal could not be reached: keep everything as it is and ask again soon, for the same revision as before
     * (or a snapshot, if one was due anyway).
     */
    private boolean unreachable(long asked, String reason) {
        unreachable = true;
        metrics.polled(PollOutcome.UNREACHABLE);
        if (!stopped && outage.failed(asked)) {
            LOG.log(Level.WARNING, "portal not usable, keeping the current config: " + reason + outage.summary(asked));
        }
        return false;
    }

    /** The portal answered, but with an error: keep everything as it is, back off, and start again from a snapshot. */
    private boolean refused(String reason, PollOutcome outcome) {
        metrics.polled(outcome);
        snapshotNeeded = true;
        if (!stopped) {
            LOG.log(Level.WARNING, "portal not usable, keeping the current config: " + reason);
        }
        return false;
    }

    private static String reason(Exception e) {
        String message = e.getMessage();
        return message != null ? message : e.getClass().getSimpleName();
    }

    /** The portal answered with something that must not be applied; only a snapshot can be trusted now. */
    private boolean rejected(String reason) {
        metrics.polled(PollOutcome.REJECTED);
        snapshotNeeded = true;
        LOG.log(Level.WARNING, "state rejected, keeping the last good config and asking for a snapshot: " + reason);
        keeper.recordError("state rejected: " + reason);
        return false;
    }

    /**
     * A run of attempts that did not reach the portal. With an attempt every second or so, a warning for each would
     * fill the journal: the first is logged, then at most one a minute with the latest reason, then the portal's
     * return. (Not one per new reason: a proxy's error page may differ in every answer.)
     */
    private static final class Outage {
        private long started;
        private int attempts;
        private long logged;

        /** Counts a failed attempt; true when it should be logged. */
        boolean failed(long at) {
            if (attempts++ == 0) {
                started = at;
            } else if (at - logged < OUTAGE_LOG_INTERVAL.toNanos()) {
                return false;
            }
            logged = at;
            return true;
        }

        String summary(long at) {
            return attempts == 1 ? "" : " (" + attempts + " attempts in " + seconds(at) + " s)";
        }

        /** The request sent at {@code asked} reached the portal. */
        void over(long asked) {
            if (attempts > 0) {
                LOG.log(
                        Level.INFO,
                        "the portal answers again, after " + attempts + " failed attempt(s) in " + seconds(asked)
                                + " s");
                attempts = 0;
            }
        }

        private long seconds(long at) {
            return Duration.ofNanos(at - started).toSeconds();
        }
    }
}
