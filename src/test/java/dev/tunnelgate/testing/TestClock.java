package dev.tunnelgate.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The portal's clock in integration tests: the system's UTC clock moved by an offset a test sets. A test that moves
 * it puts it back ({@link #reset()}) in a finally block or an {@code @AfterEach}, since every test shares it.
 */
public final class TestClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    /** Moves the clock forward (or back, with a negative amount) from where it is. */
    public void advance(Duration amount) {
        offset = offset.plus(amount);
    }

    public void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the portal's clock is UTC");
    }
}
