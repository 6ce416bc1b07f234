/** A typed model of a WireGuard client config, its wg-quick rendering and strict parsing, and its file name. */
@org.jspecify.annotations.NullMarked
package dev.tunnelgate.wgconfig;
