package dev.tunnelgate.networks;

/** A network's settings changed; published inside the transaction of the change. */
public record NetworkChanged(long networkId) {}
