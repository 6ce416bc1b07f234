/** Address pools of a network and the leases that give each device a stable address from them. */
@NullMarked
package dev.tunnelgate.addressing;

import org.jspecify.annotations.NullMarked;
