package dev.tunnelgate.agent;

import dev.tunnelgate.keys.KeyText;
import dev.tunnelgate.protocol.DriftEntry;
import dev.tunnelgate.protocol.GatewayState;
import dev.tunnelgate.protocol.InterfaceConfig;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the interface at the desired state: applies snapshots and deltas, persists them, repairs drift and
 * reports. Two states are kept apart: the <em>desired</em> one (the newest state accepted from the portal or
 * restored from disk; persisted before the interface is touched, the target of drift repair) and the
 * <em>confirmed</em> one (the last state the interface was fully brought to; the only one ever reported). An
 * apply that fails halfway leaves them different until the drift check or the next snapshot finishes the job,
 * so a peer it already removed is not put back and a revision it did not finish is not reported. Every access to
 * the interface and every report happens under one lock, so the poll loop and the timers never interleave and
 * reported revisions never go backwards.
 */
final class InterfaceKeeper {
    private static final System.Logger LOG = System.getLogger(InterfaceKeeper.class.getName());

    /** Creates the interface or brings its port and addresses to {@code config}; idempotent. */
    interface Setup {
        void ensure(InterfaceConfig config) throws IOException;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final WireGuardInterface wireGuard;
    private final Firewall firewall;
    private final Setup setup;
    private final StateStore store;
    private final StatusReporter reporter;
    private final AgentMetrics metrics;
    /** The state the interface should be at: drift repair's target, what is persisted and restored. */
    private @Nullable GatewayState desired;
    /**
     * What the firewall should hold for {@link #desired}; kept alongside it and changed in place by a delta, so one
     * changed peer does not rebuild (nor copy) the table of every peer.
     */
    private AccessTable desiredAccess = AccessTable.empty();
    /** The last state the interface was fully brought to: what reports name. Never ahead of {@link #desired}. */
    private @Nullable GatewayState confirmed;
    /** The interface's public key as last read; a delta's acknowledgement does not read the interface again. */
    private @Nullable String publicKey;

    private boolean closed;

    InterfaceKeeper(
            WireGuardInterface wireGuard, Firewall firewall, Setup setup, StateStore store, StatusReporter reporter) {
        this(wireGuard, firewall, setup, store, reporter, new AgentMetrics(InstantSource.system(), "unused"));
    }

    InterfaceKeeper(
            WireGuardInterface wireGuard,
            Firewall firewall,
            Setup setup,
            StateStore store,
            StatusReporter reporter,
            AgentMetrics metrics) {
        this.wireGuard = wireGuard;
        this.firewall = firewall;
        this.setup = setup;
        this.store = store;
        this.reporter = reporter;
        this.metrics = metrics;
    }

    /**
     * Fail static: re-applies the persisted snapshot, before the portal is asked anything: the access rules first,
     * so no peer is ever up without them. The snapshot stays the desired state even when applying it fails here,
     * so the drift check keeps trying.
     */
    void restore() {
        lock.lock();
        try {
            Optional<GatewayState> saved = store.load();
            if (saved.isEmpty()) {
                firewall.probe();
                LOG.log(
                        Level.INFO,
                        "no persisted state in " + store.file() + ": waiting for the portal's first snapshot");
                return;
            }
            GatewayState state = saved.get();
            desired = state;
            desiredAccess = AccessTable.of(state);
            applyAccess(() -> firewall.replace(desiredAccess));
            ensureSettings(state.interfaceConfig());
            List<PeerChange> changes = Reconciler.applySnapshot(wireGuard, state.peers());
            confirmed = state;
            LOG.log(
                    Level.INFO,
                    String.format(
                            Locale.ROOT,
                            "restored revision %d from %s: %d peer(s), %d change(s)",
                            state.revision(),
                            store.file(),
                            state.peers().size(),
                            changes.size()));
        } catch (IOException | RuntimeException e) {
            failed("restoring the persisted state failed", e);
        } finally {
            metrics.state(desired, confirmed);
            lock.unlock();
        }
    }

    /**
     * The desired revision, 0 before the first: the one a delta must start at. It may not be fully applied yet
     * (reports name the confirmed one); after a failed apply the loop asks for a snapshot anyway.
     */
    long desiredRevision() {
        lock.lock();
        try {
            return desired == null ? 0 : desired.revision();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes a state from the portal the desired one, persists it, applies it and reports at once (the portal
     * measures acknowledgement latency from that report).
     *
     * @throws IllegalArgumentException a state that does not fit the desired state; nothing was touched
     * @throws IOException              the interface failed; the interface may be partly changed, the state stays
     *                                  desired (the drift check finishes it) but is not confirmed nor reported
     */
    void accept(GatewayState state) throws IOException, InterruptedException {
        lock.lockInterruptibly();
        long started = System.nanoTime();
        try {
            if (closed) {
                return;
            }
            GatewayState previous = desired;
            GatewayState next;
            AccessTable access;
            boolean settingsChanged;
            if (state.kind() == GatewayState.Kind.SNAPSHOT) {
                Reconciler.requireConsistent(state.peers());
                if (previous != null && state.revision() < previous.revision()) {
                    // The portal is the source of truth, even after a database restore; but someone should know.
                    LOG.log(
                            Level.WARNING,
                            String.format(
                                    Locale.ROOT,
                                    "the portal's snapshot is revision %d, older than the desired %d",
                                    state.revision(),
                                    previous.revision()));
                }
                next = state;
                access = AccessTable.of(next);
                settingsChanged = true; // a snapshot makes sure of everything
            } else {
                if (previous == null) {
                    throw new IllegalArgumentException("a delta arrived before any snapshot was applied");
                }
                next = Deltas.merge(previous, state);
                desiredAccess.apply(state, next);
                access = desiredAccess;
                settingsChanged = !next.interfaceConfig().sameInterface(previous.interfaceConfig());
            }
            // Desired and on disk before the interface is touched: whatever fails below, neither the drift check
            // nor a restart after a crash goes back to a state that still holds the peers this one removed.
            desired = next;
            desiredAccess = access;
            persist(next);
            // The rules before the peers: a new peer's element is harmless before the peer exists, and a withdrawn
            // grant or a revoked peer is cut off before anything else happens.
            if (state.kind() == GatewayState.Kind.SNAPSHOT) {
                applyAccess(() -> firewall.replace(access));
            } else {
                applyAccess(() -> firewall.update(access, reporter::error));
            }
            if (settingsChanged) {
                ensureSettings(next.interfaceConfig());
            }
            int changed;
            if (state.kind() == GatewayState.Kind.SNAPSHOT) {
                changed = Reconciler.applySnapshot(wireGuard, next.peers()).size();
            } else {
                List<PeerChange> changes = Deltas.changes(java.util.Objects.requireNonNull(previous), state);
                if (!changes.isEmpty()) {
                    wireGuard.apply(changes);
                }
                changed = changes.size();
            }
            confirmed = next;
            metrics.applied(state.kind(), Duration.ofNanos(System.nanoTime() - started));
            LOG.log(
                    Level.INFO,
                    String.format(
                            Locale.ROOT,
                            "applied %s revision %d: %d peer(s), %d change(s)",
                            state.kind() == GatewayState.Kind.SNAPSHOT ? "snapshot" : "delta from " + state.since(),
                            next.revision(),
                            next.peers().size(),
                            changed));
            if (state.kind() == GatewayState.Kind.DELTA && publicKey != null) {
                firewall.notEnforcing().ifPresent(reporter::standing);
                reporter.acknowledge(publicKey, next);
            } else {
                report();
            }
        } catch (IOException e) {
            metrics.applyFailed();
            throw e;
        } finally {
            metrics.state(desired, confirmed);
            lock.unlock();
        }
    }

    /**
     * Compares the interface with the desired state; repairs and reports at once when they differ. A desired
     * state not yet confirmed (an apply or restore that failed) becomes confirmed once the interface is at it.
     */
    void checkDrift() {
        lock.lock();
        try {
            if (closed || desired == null) {
                return;
            }
            GatewayState target = desired;
            // Identity on purpose: confirmed is set to the very object that was desired.
            boolean unconfirmed = confirmed != target;
            List<DriftEntry> accessDrift = checkAccess();
            InterfaceState current = readOrRecreate(target);
            metrics.interfaceRead(current);
            if (current.listenPort() != target.interfaceConfig().listenPort()) {
                reporter.error("listen port was " + current.listenPort() + ", setting it back to "
                        + target.interfaceConfig().listenPort());
                ensureSettings(target.interfaceConfig());
            } else if (unconfirmed) {
                // The failed apply may have stopped before the addresses; ensuring is idempotent. Not done on every
                // check: setting the listen port makes wireguard-go rebind its socket.
                ensureSettings(target.interfaceConfig());
            }
            List<PeerChange> repair = Reconciler.diff(target.peers(), current);
            if (repair.isEmpty() && !unconfirmed && accessDrift.isEmpty()) {
                return;
            }
            if (!repair.isEmpty()) {
                List<DriftEntry> drift = Drift.of(repair, current);
                wireGuard.apply(repair);
                reporter.drift(drift);
                metrics.driftRepaired(drift);
                LOG.log(
                        Level.WARNING,
                        String.format(
                                Locale.ROOT,
                                "repaired drift: %d extra, %d missing, %d changed peer(s)",
                                count(drift, DriftEntry.Kind.EXTRA),
                                count(drift, DriftEntry.Kind.MISSING),
                                count(drift, DriftEntry.Kind.CHANGED)));
            }
            if (unconfirmed) {
                confirmed = target;
                LOG.log(Level.INFO, "the interface is at revision " + target.revision() + " now");
            }
            report();
        } catch (IOException | RuntimeException e) {
            failed("drift check failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            metrics.state(desired, confirmed);
            lock.unlock();
        }
    }

    /** The periodic report: statistics, and whatever drift or errors are still unreported. */
    void reportStats() {
        lock.lock();
        try {
            if (!closed) {
                report();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** The DNS servers of the desired state, for {@link DnsChecks}; none before the first state. */
    List<String> dnsServers() {
        lock.lock();
        try {
            return desired == null ? List.of() : desired.interfaceConfig().dnsServers();
        } finally {
            lock.unlock();
        }
    }

    /** The desired listen port, for the VIP's source route; empty before the first state. */
    OptionalInt listenPort() {
        lock.lock();
        try {
            return desired == null
                    ? OptionalInt.empty()
                    : OptionalInt.of(desired.interfaceConfig().listenPort());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sets endpoints of peers of the desired state, under the lock: {@code wg set … endpoint} creates a peer it does
     * not know, so a peer a delta removed a moment ago must not be named. Returns the keys that were set.
     */
    Set<String> setEndpoints(Map<String, String> endpoints) throws IOException, InterruptedException {
        lock.lockInterruptibly();
        try {
            if (closed || desired == null) {
                return Set.of();
            }
            var wanted = new LinkedHashMap<String, String>();
            for (var peer : desired.peers()) {
                String endpoint = endpoints.get(peer.publicKey());
                if (endpoint != null) {
                    wanted.put(peer.publicKey(), endpoint);
                }
            }
            if (!wanted.isEmpty()) {
                wireGuard.setEndpoints(wanted);
            }
            return wanted.keySet();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes WireGuard forget its sessions with the desired state's peers: each is removed, then added back with the
     * same spec and its endpoint, in two applies ({@link WireGuardInterface#apply} makes only the final change per
     * key). Under the lock, so no delta applies in between. For a standby, which carries no traffic.
     */
    void forgetSessions() throws IOException, InterruptedException {
        lock.lockInterruptibly();
        try {
            if (closed || desired == null || desired.peers().isEmpty()) {
                return;
            }
            InterfaceState current = wireGuard.read();
            var endpoints = new LinkedHashMap<String, String>();
            var removals = new ArrayList<PeerChange>();
            var upserts = new ArrayList<PeerChange>();
            for (var peer : desired.peers()) {
                PeerState now = current.peers().get(peer.publicKey());
                if (now == null) {
                    continue; // nothing to forget; drift repair adds it
                }
                if (now.endpoint() != null) {
                    endpoints.put(peer.publicKey(), now.endpoint());
                }
                removals.add(new PeerChange.Remove(peer.publicKey()));
                upserts.add(new PeerChange.Upsert(peer));
            }
            if (removals.isEmpty()) {
                return;
            }
            wireGuard.apply(removals);
            wireGuard.apply(upserts);
            if (!endpoints.isEmpty()) {
                // The endpoint only says where to send; setting it starts nothing, and a takeover may need it.
                wireGuard.setEndpoints(endpoints);
            }
            LOG.log(
                    Level.INFO,
                    "standby: WireGuard forgot its sessions with %d peer(s) (removed and added back)"
                            .formatted(removals.size()));
        } finally {
            lock.unlock();
        }
    }

    /** An error for the next report (a state that did not fit, an apply that failed). */
    void recordError(String message) {
        lock.lock();
        try {
            reporter.error(message);
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a running apply to finish; afterwards nothing touches the interface any more. */
    void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    /** Repairs the firewall, and names what it had to change; a firewall that fails says so in every report. */
    private List<DriftEntry> checkAccess() {
        try {
            List<DriftEntry> drift = firewall.repair(desiredAccess);
            if (!drift.isEmpty()) {
                reporter.drift(drift);
                metrics.driftRepaired(drift);
                LOG.log(
                        Level.WARNING,
                        String.format(
                                Locale.ROOT,
                                "repaired access rules: %d peer(s)%s",
                                count(drift, DriftEntry.Kind.ACCESS),
                                drift.contains(DriftEntry.rules()) ? " and the table" : ""));
            }
            return drift;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "checking the access rules failed: " + message(e));
            return List.of();
        }
    }

    private interface FirewallAction {
        void run() throws IOException;
    }

    /** A firewall failure never holds back the peers (a revocation above all); reports name it until it is fixed. */
    private void applyAccess(FirewallAction action) {
        try {
            action.run();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "applying the access rules failed: " + message(e));
        }
    }

    private void report() throws InterruptedException {
        var notEnforcing = firewall.notEnforcing();
        notEnforcing.ifPresent(reporter::standing);
        metrics.accessEnforced(notEnforcing.isEmpty());
        InterfaceState current;
        try {
            current = wireGuard.read();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "no status report: reading the interface failed: " + message(e));
            return;
        }
        metrics.interfaceRead(current);
        publicKey = KeyText.isKey(current.publicKey()) ? current.publicKey() : null;
        reporter.send(current, confirmed, desired);
    }

    /** A vanished interface (wireguard-go killed, link deleted) is recreated and refilled, not just reported. */
    private InterfaceState readOrRecreate(GatewayState desired) throws IOException {
        try {
            return wireGuard.read();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "reading the interface failed, setting it up again: " + message(e));
            reporter.error("interface was unreadable, set it up again: " + message(e));
            setup.ensure(desired.interfaceConfig());
            return wireGuard.read();
        }
    }

    /**
     * Brings port, key and addresses to {@code config}. When that fails but there is an interface to put peers on
     * (a listen port already taken, an address refused), the failure is reported and the peers are applied all the
     * same: a revocation must never wait for a listen port. Without an interface, the failure stands.
     */
    private void ensureSettings(InterfaceConfig config) throws IOException {
        try {
            setup.ensure(config);
        } catch (IOException e) {
            try {
                wireGuard.read();
            } catch (IOException noInterface) {
                e.addSuppressed(noInterface);
                throw e;
            }
            failed("setting up the interface failed, its peers are applied all the same", e);
        }
    }

    private void persist(GatewayState snapshot) {
        try {
            store.save(snapshot);
        } catch (IOException | RuntimeException e) {
            // An older file would bring back, at the next start, peers this state removes (a revoked device):
            // better to start empty and wait for the portal than to serve a revoked peer.
            failed("saving the desired state failed, the older state file is removed", e);
            try {
                store.discard();
            } catch (IOException removal) {
                failed("removing the older state file failed", removal);
            }
        }
    }

    private void failed(String what, Exception e) {
        String text = what + ": " + message(e);
        LOG.log(Level.ERROR, text);
        reporter.error(text);
    }

    private static long count(List<DriftEntry> drift, DriftEntry.Kind kind) {
        return drift.stream().filter(entry -> entry.kind() == kind).count();
    }

    static String message(Exception e) {
        return ProcessRunner.sanitize(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
}
