package dev.tunnelgate.agent;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;

import dev.tunnelgate.protocol.GatewayState;

/**
 * The long poll: a snapshot first and after every failure, deltas in between. Whatever goes wrong, the
 * interface keeps its last good config and the loop retries with backoff; it never tears anything down.
 */
final class AgentLoop {
    private static final System.Logger LOG = System.getLogger(AgentLoop.class.getName());
    static final int WAIT_SECONDS = 25;

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
    private volatile boolean stopped;

    AgentLoop(PortalClient portal, InterfaceKeeper keeper, Backoff backoff, Sleeper sleeper, int waitSeconds) {
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
                    sleeper.sleep(backoff.next());
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
        try {
            answer = portal.poll(snapshot ? 0 : applied, waitSeconds);
        } catch (PortalClient.InvalidAnswer e) {
            return rejected(reason(e));
        } catch (PortalClient.Refused e) {
            return unreachable(e.getMessage() + (e.status() == 401 ? " (check the token file)" : ""));
        } catch (IOException e) {
            return unreachable(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + InterfaceKeeper.message(e)));
        }
        if (answer.isEmpty()) {
            if (snapshot) {
                // A snapshot is answered at once; without this a portal with nothing for us would be asked in a tight loop.
                return unreachable("the portal has no snapshot for this gateway (204)");
            }
            if (System.nanoTime() - asked < Duration.ofSeconds(waitSeconds).toNanos() / 2) {
                // The portal holds a poll for the whole wait; "nothing new" at once (a proxy in between, an old
                // portal) must not turn into a tight loop of requests.
                LOG.log(Level.WARNING, "the portal answered \"nothing new\" without waiting; asking again after a pause");
                return false;
            }
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
        // A snapshot of what is already applied, unasked for, means the portal has nothing newer (a gateway at
        // revision 0 asks with since=0): wait, longer each time, rather than ask again at once.
        boolean progressed = snapshot || state.kind() == GatewayState.Kind.DELTA || state.revision() != applied;
        if (progressed) {
            backoff.reset();
        }
        return progressed;
    }

    /** The portal is away or refuses us: keep everything as it is. */
    private boolean unreachable(String reason) {
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
        snapshotNeeded = true;
        LOG.log(Level.WARNING, "state rejected, keeping the last good config and asking for a snapshot: " + reason);
        keeper.recordError("state rejected: " + reason);
        return false;
    }
}
