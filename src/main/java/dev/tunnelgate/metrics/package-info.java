/**
 * The portal's Prometheus endpoint: who may read it (nobody on the portal's own port; whoever reaches the management
 * port, when one is configured) and the refresh of the gauges that are read from the database. The meters themselves
 * are small binders in the features they measure.
 */
@NullMarked
package dev.tunnelgate.metrics;

import org.jspecify.annotations.NullMarked;
