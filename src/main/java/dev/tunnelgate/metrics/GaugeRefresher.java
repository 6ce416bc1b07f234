package dev.tunnelgate.metrics;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Refreshes every {@link DatabaseGauges} at start-up and then every refresh interval, on a thread of its own. A
 * failed refresh (the database away) keeps the last values and is logged once until a refresh works again.
 */
@Component
@EnableConfigurationProperties(MetricsSettings.class)
class GaugeRefresher implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(GaugeRefresher.class);

    private final List<DatabaseGauges> gauges;
    private final MetricsSettings settings;
    private @Nullable ScheduledExecutorService timer;
    private boolean failing;

    GaugeRefresher(List<DatabaseGauges> gauges, MetricsSettings settings) {
        this.gauges = List.copyOf(gauges);
        this.settings = settings;
    }

    /** Reads every gauge again now; the timer calls it, and tests that need fresh values. */
    synchronized void refresh() {
        RuntimeException failure = null;
        for (var gauge : gauges) {
            try {
                gauge.refresh();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null && !failing) {
            log.warn(
                    "Refreshing the metrics from the database failed; they keep their last values: {}",
                    failure.toString());
        } else if (failure == null && failing) {
            log.info("Refreshing the metrics from the database works again");
        }
        failing = failure != null;
    }

    @Override
    public synchronized void start() {
        var thread = Executors.newSingleThreadScheduledExecutor(task -> {
            var t = new Thread(task, "tunnelgate-metrics");
            t.setDaemon(true);
            return t;
        });
        long millis = settings.refreshInterval().toMillis();
        thread.scheduleWithFixedDelay(this::refresh, 0, millis, TimeUnit.MILLISECONDS);
        timer = thread;
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
