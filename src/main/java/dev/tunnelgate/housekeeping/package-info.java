/**
 * The portal's scheduled tasks that keep it tidy and apply lifecycle rules without anyone's click: expired and stale
 * devices revoked by policy, change-log rows no gateway can still need and old job records pruned.
 */
@NullMarked
package dev.tunnelgate.housekeeping;

import org.jspecify.annotations.NullMarked;
