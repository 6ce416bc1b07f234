package dev.tunnelgate.networks;

/**
 * A network's settings are about to change; published inside the transaction of the change, before it, so that
 * listeners can take what they need of the old state (and the locks that order them with the change).
 */
public record NetworkChanging(long networkId) {}
