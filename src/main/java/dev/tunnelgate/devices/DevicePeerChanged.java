package dev.tunnelgate.devices;

/**
 * A device started or stopped being a peer of its network's gateways. Published inside the transaction that
 * made the change, so listeners that update the gateways' desired state commit or roll back with it.
 */
public record DevicePeerChanged(long deviceId, long networkId, String publicKey, boolean active) {}
