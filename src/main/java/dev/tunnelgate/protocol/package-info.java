/** Plain records exchanged between the portal and the gateway agent; JDK only, no framework types. */
@org.jspecify.annotations.NullMarked
package dev.tunnelgate.protocol;
