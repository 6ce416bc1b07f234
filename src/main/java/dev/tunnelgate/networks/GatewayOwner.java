package dev.tunnelgate.networks;

import java.util.Optional;

/**
 * Who sets a network's endpoint and gateway public key when the network does not: the gateway group that serves it.
 * That group's endpoint and key go into the network's client configs, so a network served by a group keeps them
 * whatever its own form sends. Implemented by the gateways feature, which builds on networks (not the other way
 * round).
 */
public interface GatewayOwner {
    /** The name of the gateway group that serves the network; empty when the network sets both itself. */
    Optional<String> groupServing(long networkId);
}
