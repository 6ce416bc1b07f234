package dev.tunnelgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One refresh reads every gauge; one that fails (its query broke) neither stops the others nor the next refresh. */
class GaugeRefresherTest {
    @Test
    void a_failing_gauge_leaves_the_others_refreshed_and_is_tried_again() {
        var refreshed = new AtomicInteger();
        var attempts = new AtomicInteger();
        DatabaseGauges broken = () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("database away");
        };
        var refresher = new GaugeRefresher(
                List.of(broken, refreshed::incrementAndGet), new MetricsSettings(Duration.ofSeconds(10)));

        refresher.refresh();
        refresher.refresh();

        assertThat(refreshed).hasValue(2);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void started_it_refreshes_at_once_and_stops_when_told() throws Exception {
        var refreshed = new AtomicInteger();
        var refresher =
                new GaugeRefresher(List.of(refreshed::incrementAndGet), new MetricsSettings(Duration.ofSeconds(10)));

        refresher.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (refreshed.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(refreshed).hasValue(1);
            assertThat(refresher.isRunning()).isTrue();
        } finally {
            refresher.stop();
        }
        assertThat(refresher.isRunning()).isFalse();
    }
}
