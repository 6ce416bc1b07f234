package dev.tunnelgate.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.shared.Registration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Server push for open views: one poller per portal reads a small fingerprint of what views show (the newest audit
 * event, which every device decision writes; the revisions members applied; how many members are online; the open
 * jobs, and every update of an open job: picked, retried) and, when it moved, asks every subscribed view to refresh through its UI's push connection. Changes made on
 * other portal instances sharing the database are seen the same way. One query per interval, whatever the number
 * of open views.
 */
@Service
public class LiveUpdates implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);
    /** Same window as the Gateways view's "online": three missed long polls. */
    private static final Duration ONLINE_WINDOW = Duration.ofSeconds(90);

    private final JdbcTemplate jdbc;
    private final Duration interval;
    private final ConcurrentHashMap<Component, Subscription> byView = new ConcurrentHashMap<>();
    private volatile @Nullable List<Object> fingerprint;
    private volatile @Nullable ScheduledExecutorService poller;
    private final ExecutorService refreshers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("live-refresh-", 0).factory());

    LiveUpdates(JdbcTemplate jdbc, @Value("${tunnelgate.ui.live-interval:1s}") Duration interval) {
        this.jdbc = jdbc;
        this.interval = interval;
    }

    private record Subscription(UI ui, Runnable refresh) {}

    /**
     * Calls {@code refresh} (inside the UI's lock, pushed to the browser) whenever what views show may have changed,
     * for as long as {@code view} is attached.
     */
    public static Registration subscribe(Component view, Runnable refresh) {
        var updates = VaadinService.getCurrent().getInstantiator().getOrCreate(LiveUpdates.class);
        var attach = view.addAttachListener(event -> updates.add(view, event.getUI(), refresh));
        var detach = view.addDetachListener(event -> updates.remove(view));
        view.getUI().ifPresent(ui -> updates.add(view, ui, refresh));
        return () -> {
            attach.remove();
            detach.remove();
            updates.remove(view);
        };
    }

    private void add(Component view, UI ui, Runnable refresh) {
        byView.put(view, new Subscription(ui, refresh));
    }

    private void remove(Component view) {
        byView.remove(view);
    }

    /** How many views are subscribed right now. */
    int subscribed() {
        return byView.size();
    }

    /** One poll; nothing it meets (a database error, a UI closed meanwhile) may end the polling. */
    void poll() {
        try {
            pollOnce();
        } catch (RuntimeException e) {
            log.warn("Live updates skipped a round: {}", e.toString());
        }
    }

    private void pollOnce() {
        List<Object> now;
        try {
            now = jdbc.queryForObject(
                    """
                    select (select coalesce(max(id), 0) from audit_event),
                           (select coalesce(sum(applied_revision), 0) from gateway_member),
                           (select count(*) from gateway_member where last_contact_at > ?),
                           (select coalesce(sum(revision), 0) from gateway_group),
                           (select count(*) from gateway_job where status in ('QUEUED', 'RUNNING')),
                           (select coalesce(sum(version), 0) from gateway_job where status in ('QUEUED', 'RUNNING')),
                           (select coalesce(max(id), 0) from gateway_job),
                           (select coalesce(sum(length(dns_checks)), 0) from gateway_member),
                           (select count(endpoint_role_since) from gateway_member),
                           (select max(endpoint_role_since) from gateway_member)
                    """,
                    (rs, row) -> List.<Object>of(
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getLong(3),
                            rs.getLong(4),
                            rs.getLong(5),
                            rs.getLong(6),
                            rs.getLong(7),
                            rs.getLong(8),
                            rs.getLong(9),
                            // every change of a member's endpoint role moves its time (the Gateways view shows it)
                            String.valueOf(rs.getTimestamp(10))),
                    java.sql.Timestamp.from(Instant.now().minus(ONLINE_WINDOW)));
        } catch (RuntimeException e) {
            log.warn("Reading what views show failed: {}", e.getMessage());
            return;
        }
        var before = fingerprint;
        fingerprint = now;
        if (before != null && !Objects.equals(before, now)) {
            push();
        }
    }

    /**
     * Asks every subscribed view to refresh, each on a virtual thread of its own: a view's refresh queries the
     * database under its UI's lock, and one slow or busy session must not hold up the others or the next poll.
     */
    void push() {
        for (var entry : byView.entrySet()) {
            var subscription = entry.getValue();
            var ui = subscription.ui();
            if (ui.isClosing() || ui.getSession() == null) {
                byView.remove(entry.getKey(), subscription);
                continue;
            }
            refreshers.execute(() -> {
                try {
                    ui.access(() -> subscription.refresh().run());
                } catch (UIDetachedException e) {
                    byView.remove(entry.getKey(), subscription);
                } catch (RuntimeException e) {
                    log.warn("A view's live refresh failed: {}", e.toString());
                }
            });
        }
    }

    @Override
    public void start() {
        var executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("live-updates").daemon().factory());
        executor.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        poller = executor;
    }

    @Override
    public void stop() {
        var executor = poller;
        if (executor != null) {
            executor.shutdownNow();
        }
        poller = null;
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }
}
