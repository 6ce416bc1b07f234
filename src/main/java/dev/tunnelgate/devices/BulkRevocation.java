package dev.tunnelgate.devices;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One bulk revocation running in the background, as its view polls it: of {@code total} devices, how many are
 * done (revoked now, or {@code skipped} because someone else revoked them meanwhile) and how many {@code failed}.
 */
public final class BulkRevocation {
    private final int total;
    private final AtomicInteger revoked = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile boolean finished;

    BulkRevocation(int total) {
        this.total = total;
    }

    public int total() {
        return total;
    }

    /** Devices dealt with so far: revoked, skipped or failed. */
    public int done() {
        return revoked.get() + skipped.get() + failed.get();
    }

    public int revoked() {
        return revoked.get();
    }

    public int skipped() {
        return skipped.get();
    }

    public int failed() {
        return failed.get();
    }

    /** True once every device was dealt with (or the portal shut down meanwhile). */
    public boolean finished() {
        return finished;
    }

    /** Done as a fraction from 0 to 1. */
    public double progress() {
        return total == 0 ? 1 : (double) done() / total;
    }

    void revoked(int count) {
        revoked.addAndGet(count);
    }

    void skipped(int count) {
        skipped.addAndGet(count);
    }

    void failed(int count) {
        failed.addAndGet(count);
    }

    void finish() {
        finished = true;
    }
}
