/** The HTTP API gateway agents call: member credentials, the long poll for the desired state, and status reports. */
@NullMarked
package dev.tunnelgate.gateways.agentapi;

import org.jspecify.annotations.NullMarked;
