package dev.tunnelgate.agent;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: the n-th wait in a row is uniform in [0, min(max, initial * 2^n)), so a
 * fleet of gateways that lost the portal at the same moment does not come back at the same moment.
 */
final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;
    private int failures;

    /** @param random uniform in [0, 1) */
    Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** The wait after one more failure. */
    synchronized Duration next() {
        long ceiling = ceilingMillis();
        if (ceiling < max.toMillis()) {
            failures++;
        }
        return Duration.ofMillis((long) (ceiling * random.getAsDouble()));
    }

    synchronized void reset() {
        failures = 0;
    }

    private long ceilingMillis() {
        long millis = initial.toMillis();
        for (int i = 0; i < failures && millis < max.toMillis(); i++) {
            millis *= 2;
        }
        return Math.min(millis, max.toMillis());
    }
}
