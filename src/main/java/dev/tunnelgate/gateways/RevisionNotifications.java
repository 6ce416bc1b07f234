package dev.tunnelgate.gateways;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Cross-instance wake-ups on PostgreSQL: {@link Revisions} sends {@code NOTIFY tunnelgate_revisions '<group>:<rev>'}
 * in the transaction that raises a revision (PostgreSQL delivers it at commit, drops it at rollback), and every portal
 * instance listens on a connection of its own, opened beside the pool so that it never holds one of the pool's
 * connections. A notice is a hint: the group's revision is read from the database before waiting agents are woken,
 * so a notice that any database session can send wakes nobody wrongly. Notices sent while the connection is broken
 * are lost, so after each (re)connect the group table is polled once; {@link RevisionWatcher}'s poll stays as the
 * fallback. On H2, or with {@code tunnelgate.gateways.listen-notify=false}, there is nothing to listen to and the
 * poll alone carries commits of other instances.
 */
@Component
class RevisionNotifications implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(RevisionNotifications.class);
    /** How long one wait for notifications blocks before the connection is checked with a query. */
    private static final int WAIT_MILLIS = 10_000;

    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);

    private final JdbcTemplate jdbc;
    private final RevisionWatcher watcher;
    private final JdbcConnectionDetails database;
    private final boolean enabled;
    private final AtomicBoolean malformedLogged = new AtomicBoolean();
    private final Counter received;
    private final Counter malformed;
    private final Counter reconnects;
    private volatile boolean running;
    private volatile @Nullable Thread listener;
    private volatile @Nullable Connection connection;
    private volatile int backendPid;

    RevisionNotifications(
            JdbcTemplate jdbc,
            RevisionWatcher watcher,
            JdbcConnectionDetails database,
            MeterRegistry meters,
            @Value("${tunnelgate.gateways.listen-notify:true}") boolean listenNotify) {
        this.jdbc = jdbc;
        this.watcher = watcher;
        this.database = database;
        this.enabled = listenNotify && database.getJdbcUrl().startsWith("jdbc:postgresql:");
        this.received = Counter.builder("tunnelgate.revision.notifications")
                .description("Notifications of revisions committed by any portal instance, by outcome")
                .tag("outcome", "valid")
                .register(meters);
        this.malformed = Counter.builder("tunnelgate.revision.notifications")
                .description("Notifications of revisions committed by any portal instance, by outcome")
                .tag("outcome", "malformed")
                .register(meters);
        this.reconnects = Counter.builder("tunnelgate.revision.listener.reconnects")
                .description("Times the connection listening for revision notifications was opened again")
                .register(meters);
        Gauge.builder("tunnelgate.revision.listener.connected", this, n -> n.backendPid != 0 ? 1 : 0)
                .description("1 while revisions of other portal instances wake agents by LISTEN/NOTIFY, 0 otherwise")
                .register(meters);
    }

    /**
     * Announces, in the current transaction, that it raises the group's revision: delivered to every listening
     * instance (this one too) when the transaction commits.
     */
    void announce(long groupId, long revision) {
        if (enabled) {
            jdbc.queryForObject(
                    "select pg_notify(?, ?)",
                    Object.class,
                    RevisionNotice.CHANNEL,
                    new RevisionNotice(groupId, revision).payload());
        }
    }

    /** Whether this instance listens (PostgreSQL, and not switched off). */
    boolean enabled() {
        return enabled;
    }

    /** The database backend of the listening connection; 0 while not connected. */
    int backendPid() {
        return backendPid;
    }

    /** How many payloads were not notices (ignored). */
    long malformedCount() {
        return (long) malformed.count();
    }

    @Override
    public void start() {
        running = true;
        if (!enabled) {
            log.info(
                    "Gateway revisions of other portal instances: polled every {} ms ({})",
                    watcher.pollInterval().toMillis(),
                    database.getJdbcUrl().startsWith("jdbc:postgresql:")
                            ? "LISTEN/NOTIFY switched off: tunnelgate.gateways.listen-notify=false"
                            : "no LISTEN/NOTIFY on this database");
            return;
        }
        log.info(
                "Gateway revisions of other portal instances: wake-ups by LISTEN/NOTIFY on channel {}, and polled"
                        + " every {} ms as a fallback",
                RevisionNotice.CHANNEL,
                watcher.pollInterval().toMillis());
        listener = Thread.ofPlatform().name("revision-notifications").daemon().start(this::listen);
    }

    @Override
    public void stop() {
        running = false;
        var thread = listener;
        listener = null;
        closeConnection();
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public int getPhase() {
        return RevisionWatcher.PHASE;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        var retry = FIRST_RETRY;
        boolean connectedBefore = false;
        while (running) {
            try (var open = open()) {
                connection = open;
                if (!running) {
                    return; // stop() ran while this connected, and found no connection to close
                }
                try (var statement = open.createStatement()) {
                    statement.execute("LISTEN " + RevisionNotice.CHANNEL);
                }
                backendPid = open.unwrap(PGConnection.class).getBackendPID();
                if (connectedBefore) {
                    reconnects.increment();
                    log.info("Listening for revision notifications again (backend {})", backendPid);
                }
                connectedBefore = true;
                retry = FIRST_RETRY;
                // Whatever was committed while nobody listened: a notification of it is lost, the table is not.
                watcher.poll();
                receive(open);
            } catch (SQLException | RuntimeException e) {
                backendPid = 0;
                if (!running) {
                    return;
                }
                log.warn(
                        "Listening for revision notifications failed ({}); trying again in {} ms, polling meanwhile",
                        e.getMessage(),
                        retry.toMillis());
                try {
                    Thread.sleep(retry);
                } catch (InterruptedException interrupted) {
                    return;
                }
                retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
            } finally {
                backendPid = 0;
                connection = null;
            }
        }
    }

    private Connection open() throws SQLException {
        var properties = new Properties();
        if (database.getUsername() != null) {
            properties.setProperty("user", database.getUsername());
        }
        if (database.getPassword() != null) {
            properties.setProperty("password", database.getPassword());
        }
        properties.setProperty("ApplicationName", "tunnelgate revision listener");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", "10");
        // A check query that hangs (a silently dead server) breaks the connection instead of the listener.
        properties.setProperty("socketTimeout", "30");
        // The driver itself, not DriverManager: no dependence on which class loader registered it (executable jar).
        var opened = new Driver().connect(database.getJdbcUrl(), properties);
        if (opened == null) {
            throw new SQLException("Not a PostgreSQL URL: " + database.getJdbcUrl());
        }
        opened.setAutoCommit(true);
        return opened;
    }

    private void receive(Connection open) throws SQLException {
        var pg = open.unwrap(PGConnection.class);
        while (running) {
            PGNotification[] batch = pg.getNotifications(WAIT_MILLIS);
            if (batch == null || batch.length == 0) {
                // Nothing for a while: prove the connection still works, so a dead one is noticed and replaced.
                try (var statement = open.createStatement()) {
                    statement.execute("select 1");
                }
                continue;
            }
            var groups = new LinkedHashSet<Long>();
            for (PGNotification notification : batch) {
                if (!RevisionNotice.CHANNEL.equals(notification.getName())) {
                    continue;
                }
                var notice = RevisionNotice.parse(notification.getParameter());
                if (notice.isPresent()) {
                    received.increment();
                    groups.add(notice.get().groupId());
                } else {
                    ignore(notification);
                }
            }
            for (long groupId : groups) {
                wake(open, groupId);
            }
        }
    }

    /** Wakes the group's waiting agents with its revision as the database has it, not as the notice said. */
    private void wake(Connection open, long groupId) throws SQLException {
        try (var statement = open.prepareStatement("select revision from gateway_group where id = ?")) {
            statement.setLong(1, groupId);
            try (var result = statement.executeQuery()) {
                if (result.next()) {
                    long revision = result.getLong(1);
                    try {
                        watcher.committed(groupId, revision);
                    } catch (RuntimeException e) {
                        // A waiter that failed to answer is the waiter's problem, not the connection's.
                        log.warn("Waking the agents of group {} failed: {}", groupId, e.toString());
                    }
                }
            }
        }
    }

    private void ignore(PGNotification notification) {
        malformed.increment();
        if (malformedLogged.compareAndSet(false, true)) {
            String payload = notification.getParameter();
            log.warn(
                    "Ignored a revision notification that is not '<group>:<revision>' (from backend {}, {} characters:"
                            + " {}); further ones are only counted (tunnelgate_revision_notifications_total)",
                    notification.getPID(),
                    payload.length(),
                    printable(payload));
        }
    }

    /** At most 40 characters of the payload, control and non-ASCII characters escaped, for one safe log line. */
    private static String printable(String payload) {
        var out = new StringBuilder("\"");
        payload.codePoints().limit(40).forEach(c -> {
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                out.appendCodePoint(c);
            } else {
                out.append("\\u%04x".formatted(c & 0xffff));
            }
        });
        return out.append(payload.length() > 40 ? "\"…" : "\"").toString();
    }

    private void closeConnection() {
        var open = connection;
        if (open != null) {
            try {
                // Abort, not close: close would wait for the lock the listener holds while it waits for notifications.
                open.abort(Runnable::run);
            } catch (SQLException e) {
                log.debug("Closing the revision listener's connection: {}", e.getMessage());
            }
        }
    }
}
