/** QR codes of config texts, for scanning with the WireGuard mobile apps. */
@org.jspecify.annotations.NullMarked
package dev.tunnelgate.qr;
