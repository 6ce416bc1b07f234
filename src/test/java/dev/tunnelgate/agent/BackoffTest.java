package dev.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void the_ceiling_doubles_from_one_second_up_to_a_minute_and_stays_there() {
        var backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.999);

        var waits = IntStream.range(0, 100).mapToObj(i -> backoff.next().toSeconds()).toList();

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
}
