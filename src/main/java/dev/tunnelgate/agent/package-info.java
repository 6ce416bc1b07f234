/** The gateway agent: applies desired peers to a WireGuard interface through {@code wg} and {@code ip}; no Spring, no Vaadin. */
@org.jspecify.annotations.NullMarked
package dev.tunnelgate.agent;
