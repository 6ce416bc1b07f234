/**
 * IP addresses and prefixes, parsed strictly and printed the one way {@code wg show} prints them. JDK and the
 * IPAddress library only, so the portal and the gateway agent share it.
 */
@org.jspecify.annotations.NullMarked
package dev.tunnelgate.ip;
