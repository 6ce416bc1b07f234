package dev.tunnelgate.agent;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long the agent waits before it asks the portal again. Two cadences, because two different things went wrong:
 * <ul>
 * <li>{@link #next()}, after the portal <em>answered</em> with an error or with something the agent cannot use (401,
 * 500, 404, a state that does not apply): exponential backoff with full jitter, the n-th wait in a row uniform in
 * [0, min(max, initial * 2^n)). The same request would get the same answer, and each one costs the portal a
 * database look-up or more, so a fleet that keeps failing asks less and less often, and not in lockstep.</li>
 * <li>{@link #reconnect()}, after the portal could not be reached (connection refused or reset, a timeout, a proxy
 * answering 502/503/504 for it): uniform in [c/2, c) with c = min({@link #RECONNECT}, max), however long the
 * outage lasts. Such an attempt costs a portal that is down nothing but a refused connection, and the gateway asks
 * again within 1.2 s of the portal being back, which leaves time to apply and acknowledge within 2 s. (Growing this
 * wait as well is what made a gateway take up to its backoff ceiling, a minute, to notice a restarted portal.) The
 * lower half is left out on purpose: it would add requests without bringing the worst case down, and a spread of
 * c/2 desynchronises a fleet that lost the portal at the same moment within a few attempts.</li>
 * </ul>
 */
final class Backoff {
    /** The longest wait between attempts to reach a portal that is not there. */
    static final Duration RECONNECT = Duration.ofMillis(1200);

    private final Duration initial;
    private final Duration max;
    private final Duration reconnect;
    private final DoubleSupplier random;
    private int failures;

    /** @param random uniform in [0, 1) */
    Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initial = initial;
        this.max = max;
        this.reconnect = max.compareTo(RECONNECT) < 0 ? max : RECONNECT;
        this.random = random;
    }

    /** The wait after one more answered failure. */
    synchronized Duration next() {
        long ceiling = ceilingMillis();
        if (ceiling < max.toMillis()) {
            failures++;
        }
        return Duration.ofMillis((long) (ceiling * random.getAsDouble()));
    }

    /** The wait after an attempt that did not reach the portal; it leaves the backoff of {@link #next()} as it is. */
    Duration reconnect() {
        long half = reconnect.toMillis() / 2;
        return Duration.ofMillis(half + (long) ((reconnect.toMillis() - half) * random.getAsDouble()));
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
