/** Tunnelgate: a self-service portal for WireGuard access. */
@NullMarked
package dev.tunnelgate;

import org.jspecify.annotations.NullMarked;
