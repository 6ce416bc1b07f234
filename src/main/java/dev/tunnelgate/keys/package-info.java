/** WireGuard key material: strict parsing of public keys, X25519 key pairs and preshared keys. */
@org.jspecify.annotations.NullMarked
package dev.tunnelgate.keys;
