package dev.tunnelgate.agent;

import dev.tunnelgate.protocol.EndpointRole;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Acts on the endpoint role, on a thread of its own (the poll loop, the timers and the data path are never held up
 * by a takeover): on becoming HOLDER, replies are made to leave from the VIP first (the handshakes it starts must
 * leave from there too), the standby's blackhole is lifted, then the peers are taken over. On becoming STANDBY
 * (also at the start) WireGuard's packets are blackholed first, the source route is removed, and WireGuard forgets
 * its sessions with the peers: a session kept from an earlier turn as holder would carry the next takeover's packet,
 * and no handshake would start. Either way the portal hears about the new role at once, in a full report.
 */
final class Failover implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Failover.class.getName());

    private final @Nullable SourceRoute route;
    private final StandbyBlock block;
    private final InterfaceKeeper keeper;
    private final Takeover takeover;
    private final Supplier<Takeover.Nudger> nudgers;
    private final Supplier<@Nullable EndpointRole> role;
    private final AgentMetrics metrics;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
        var thread = new Thread(task, "tunnelgate-agent-failover");
        thread.setDaemon(true);
        return thread;
    });
    /** The port the rule was made for; -1: no rule made. Touched on the failover thread only. */
    private int routedPort = -1;

    Failover(
            @Nullable SourceRoute route,
            StandbyBlock block,
            InterfaceKeeper keeper,
            Takeover takeover,
            Supplier<Takeover.Nudger> nudgers,
            Supplier<@Nullable EndpointRole> role,
            AgentMetrics metrics) {
        this.route = route;
        this.block = block;
        this.keeper = keeper;
        this.takeover = takeover;
        this.nudgers = nudgers;
        this.role = role;
        this.metrics = metrics;
    }

    /** A new role, from the watcher's thread. */
    void changed(EndpointRole next) {
        metrics.role(next);
        thread.execute(() -> act(next));
    }

    /** The periodic check: the main table or the listen port may have changed since. */
    void refresh() {
        thread.execute(() -> {
            EndpointRole now = role.get();
            if (now == EndpointRole.HOLDER) {
                holdRoute(false);
            } else if (now == EndpointRole.STANDBY) {
                blockStandby();
            }
        });
    }

    private void act(EndpointRole next) {
        if (role.get() != next) {
            return; // changed again meanwhile; the later change follows
        }
        if (next == EndpointRole.HOLDER) {
            holdRoute(true);
            block.unblock();
            try (var nudger = nudgers.get()) {
                var result = takeover.run(nudger, () -> role.get() == EndpointRole.HOLDER);
                metrics.tookOver(result.took(), result.withEndpoint());
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.ERROR, "taking the peers over failed: " + InterfaceKeeper.message(e));
                keeper.recordError("taking the peers over failed: " + InterfaceKeeper.message(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        } else {
            blockStandby();
            if (route != null) {
                try {
                    route.release();
                    routedPort = -1;
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.ERROR, "removing the VIP's source route failed: " + InterfaceKeeper.message(e));
                }
            }
            try {
                keeper.forgetSessions();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.ERROR, "making WireGuard forget its sessions failed: " + InterfaceKeeper.message(e));
                keeper.recordError("making WireGuard forget its sessions failed: " + InterfaceKeeper.message(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        keeper.reportStats();
    }

    private void blockStandby() {
        OptionalInt port = keeper.listenPort();
        if (port.isEmpty()) {
            LOG.log(
                    Level.WARNING,
                    "no listen port yet: the standby's packets are blocked once the first state is applied");
            return;
        }
        try {
            block.block(port.getAsInt());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "blocking the standby's WireGuard packets failed: " + InterfaceKeeper.message(e));
            keeper.recordError("blocking the standby's WireGuard packets failed: " + InterfaceKeeper.message(e));
        }
    }

    private void holdRoute(boolean fresh) {
        if (route == null) {
            return;
        }
        OptionalInt port = keeper.listenPort();
        if (port.isEmpty()) {
            LOG.log(Level.WARNING, "no listen port yet: replies leave from the VIP once the first state is applied");
            return;
        }
        try {
            route.hold(port.getAsInt(), fresh || routedPort != port.getAsInt());
            routedPort = port.getAsInt();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "making replies leave from the VIP failed: " + InterfaceKeeper.message(e));
            keeper.recordError("making replies leave from the VIP failed: " + InterfaceKeeper.message(e));
        }
    }

    /**
     * Stops acting; lifts the standby's blackhole (keepalived may promote this member while no agent runs), but
     * leaves the holder's source route (fail static: replies keep leaving from the VIP while it is here).
     */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (role.get() != null) {
            block.unblock();
        }
    }
}
