package dev.tunnelgate.agent;

import java.util.function.LongSupplier;

/** Spreads work at a rate: after n items, waits until n / rate seconds have passed since the start. */
final class Pacer {
    interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final int perSecond;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final long start;

    Pacer(int perSecond, LongSupplier nanoTime, Sleeper sleeper) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("the rate must be at least 1 a second");
        }
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.start = nanoTime.getAsLong();
    }

    /** Waits until {@code done} items are due; returns at once when they are late already. */
    void await(long done) throws InterruptedException {
        long due = start + done * 1_000_000_000L / perSecond;
        long wait = due - nanoTime.getAsLong();
        if (wait > 0) {
            sleeper.sleepNanos(wait);
        }
    }

    /** Items per step: ten steps a second, so the waits stay short and the work stays even. */
    int batch() {
        return Math.max(1, Math.min(WgCommandInterface.MAX_PEERS_PER_SET, perSecond / 10));
    }
}
