package dev.tunnelgate.devices;

/**
 * A pending or active device was revoked, whoever asked (owner, admin, bulk, offboarding, policy). Published inside
 * the revoking transaction.
 */
public record DeviceRevoked(long deviceId, long networkId) {}
