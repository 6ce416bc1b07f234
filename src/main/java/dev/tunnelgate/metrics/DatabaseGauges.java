package dev.tunnelgate.metrics;

/**
 * Gauges whose values are read from the database (devices by status, members behind, jobs): {@link GaugeRefresher}
 * refreshes them all every {@code tunnelgate.metrics.refresh-interval} on one background thread, so a scrape reads
 * values in memory and costs no query, however many series and scrapers there are.
 */
public interface DatabaseGauges {
    /** Reads the figures again (one aggregate query or a few) and sets the gauges; never runs twice at once. */
    void refresh();
}
