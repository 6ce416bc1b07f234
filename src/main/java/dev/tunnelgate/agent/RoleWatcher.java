package dev.tunnelgate.agent;

import dev.tunnelgate.protocol.EndpointRole;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Knows whether this member holds the VIP, from keepalived's notify ({@link RoleFile}) and from the address itself
 * ({@link VipProbe}), whichever is configured; with both, the newer signal wins (see {@link #resolve}). Checks the
 * notify file's modification time every 100 ms (one stat) and the address every 200 ms on a thread of its own;
 * tells the listener about every change, on that thread.
 */
final class RoleWatcher {
    private static final System.Logger LOG = System.getLogger(RoleWatcher.class.getName());
    static final long TICK_MILLIS = 100;

    /** What the address probe saw, since when (the agent's start counts as a change). */
    record Observation(boolean local, Instant since) {}

    private final RoleFile file;
    private final @Nullable VipProbe probe;
    private final InstantSource clock;
    private volatile @Nullable EndpointRole current;
    private @Nullable Instant fileModified;
    private RoleFile.@Nullable Notice notice;
    private @Nullable Observation observation;
    private boolean probeFailing;
    private boolean fileFailing;
    private long ticks;

    RoleWatcher(RoleFile file, @Nullable VipProbe probe, InstantSource clock) {
        this.file = file;
        this.probe = probe;
        this.clock = clock;
    }

    /** The role now; null when neither --vip nor a notify says anything. */
    @Nullable
    EndpointRole current() {
        return current;
    }

    /**
     * The newer signal wins: the notify when it was written after the probe's answer last changed, otherwise the
     * probe. Either alone decides alone; neither: no role.
     */
    static @Nullable EndpointRole resolve(RoleFile.@Nullable Notice notice, @Nullable Observation observation) {
        if (notice != null && (observation == null || notice.at().isAfter(observation.since()))) {
            return notice.state().role;
        }
        if (observation != null) {
            return observation.local() ? EndpointRole.HOLDER : EndpointRole.STANDBY;
        }
        return null;
    }

    /** One check; returns the role when it changed. Called every {@link #TICK_MILLIS}. */
    Optional<EndpointRole> check() {
        readFileIfChanged();
        if (probe != null && (ticks++ % 2 == 0 || observation == null)) {
            probe();
        }
        EndpointRole next = resolve(notice, observation);
        if (next == current) {
            return Optional.empty();
        }
        EndpointRole previous = current;
        current = next;
        LOG.log(
                Level.INFO,
                "endpoint role " + (previous == null ? "" : previous + " -> ") + next + " ("
                        + (notice != null && next == notice.state().role
                                ? "keepalived notified " + notice.state().word()
                                : "")
                        + (notice != null && next == notice.state().role && probe != null ? ", " : "")
                        + (probe != null && observation != null
                                ? SourceRoute.text(probe.vip()) + (observation.local() ? " is local" : " is not local")
                                : "")
                        + ")");
        return Optional.ofNullable(next);
    }

    /** Runs {@link #check} until interrupted, telling {@code listener} about each change. */
    void run(Consumer<EndpointRole> listener) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                check().ifPresent(listener);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "checking the endpoint role failed: " + InterfaceKeeper.message(e));
            }
            try {
                Thread.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void readFileIfChanged() {
        Instant modified = file.modified().orElse(null);
        if (modified == null ? fileModified == null && notice == null : modified.equals(fileModified)) {
            return;
        }
        fileModified = modified;
        try {
            notice = file.read().orElse(null);
            fileFailing = false;
        } catch (IOException e) {
            notice = null;
            if (!fileFailing) {
                LOG.log(Level.ERROR, "ignoring the notify file: " + InterfaceKeeper.message(e));
            }
            fileFailing = true;
        }
    }

    private void probe() {
        try {
            boolean local = java.util.Objects.requireNonNull(probe).isLocal();
            if (observation == null || observation.local() != local) {
                observation = new Observation(local, clock.instant());
            }
            probeFailing = false;
        } catch (IOException e) {
            // The last answer stands: a failing `ip` is no reason to give the VIP's traffic up, or to claim it.
            if (!probeFailing) {
                LOG.log(Level.ERROR, "checking whether the VIP is local failed: " + InterfaceKeeper.message(e));
            }
            probeFailing = true;
        }
    }
}
