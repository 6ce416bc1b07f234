package dev.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void the_ceiling_doubles_from_one_second_up_to_a_minute_and_stays_there() {
        var backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.999);

        var waits = IntStream.range(0, 100)
                .mapToObj(i -> backoff.next().toSeconds())
                .toList();

        assertThat(waits.subList(0, 8)).containsExactly(0L, 1L, 3L, 7L, 15L, 31L, 59L, 59L);
        assertThat(waits).allSatisfy(wait -> assertThat(wait).isLessThan(60));
    }

    @Test
    void the_wait_is_drawn_uniformly_below_the_ceiling_full_jitter() {
        var low = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0);
        var mid = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.25);
        mid.next();
        mid.next();

        assertThat(low.next()).isZero();
        assertThat(mid.next()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void a_reset_starts_again_at_the_initial_wait() {
        var backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.5);
        IntStream.range(0, 10).forEach(i -> backoff.next());

        backoff.reset();

        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void an_unreachable_portal_is_tried_again_within_six_tenths_to_one_point_two_seconds_however_long_it_is_away() {
        var low = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0);
        var high = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.999);

        var lows = IntStream.range(0, 100)
                .mapToObj(i -> low.reconnect())
                .distinct()
                .toList();
        var highs = IntStream.range(0, 100)
                .mapToObj(i -> high.reconnect())
                .distinct()
                .toList();

        assertThat(lows).containsExactly(Duration.ofMillis(600));
        assertThat(highs).containsExactly(Duration.ofMillis(1199));
    }

    @Test
    void reconnecting_leaves_the_backoff_for_answered_errors_where_it_was() {
        var backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.5);
        backoff.next();
        backoff.next();

        IntStream.range(0, 10).forEach(i -> backoff.reconnect());

        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void a_max_backoff_below_the_reconnect_cadence_caps_reconnecting_too() {
        var backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.999);

        assertThat(backoff.reconnect()).isEqualTo(Duration.ofMillis(999));
        assertThat(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.0).reconnect())
                .isEqualTo(Duration.ofMillis(500));
    }
}
