package dev.tunnelgate.devices;

public enum DeviceStatus {
    PENDING,
    ACTIVE,
    REJECTED,
    REVOKED
}
