package dev.tunnelgate.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for something that happens in the background, looking again and again until a deadline. */
public final class Eventually {
    private Eventually() {}

    /** Returns the first value of {@code probe} that {@code until} accepts; fails with the last one at the deadline. */
    public static <T> T await(Duration timeout, String what, Supplier<T> probe, Predicate<? super T> until) {
        var deadline = Instant.now().plus(timeout);
        while (true) {
            var value = probe.get();
            if (until.test(value)) {
                return value;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Not within %s: %s; last seen: %s".formatted(timeout, what, value));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting: " + what, e);
            }
        }
    }
}
