package dev.tunnelgate.agent;

import java.util.Arrays;

/** Observations counted in fixed buckets, with their sum, as a Prometheus histogram shows them. Not thread-safe. */
final class Histogram {
    private final double[] bounds;
    /** Per bucket, not cumulative; the last one is above every bound ({@code +Inf}). */
    private final long[] counts;

    private double sum;
    private long count;

    /** @param bounds the buckets' upper bounds, ascending, without {@code +Inf} */
    Histogram(double... bounds) {
        for (int i = 1; i < bounds.length; i++) {
            if (!(bounds[i] > bounds[i - 1])) {
                throw new IllegalArgumentException("bucket bounds must ascend");
            }
        }
        this.bounds = bounds.clone();
        this.counts = new long[bounds.length + 1];
    }

    void observe(double value) {
        int bucket = 0;
        while (bucket < bounds.length && value > bounds[bucket]) {
            bucket++;
        }
        counts[bucket]++;
        sum += value;
        count++;
    }

    double[] bounds() {
        return bounds.clone();
    }

    long[] counts() {
        return Arrays.copyOf(counts, counts.length);
    }

    double sum() {
        return sum;
    }

    long count() {
        return count;
    }
}
