/** Encryption at rest for secrets the portal must read back, such as per-device WireGuard preshared keys. */
@org.jspecify.annotations.NullMarked
package dev.tunnelgate.secrets;
