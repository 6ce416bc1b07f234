package dev.tunnelgate.devices;

/** A device was enrolled (pending or approved at once). Published inside the enrolling transaction. */
public record DeviceEnrolled(long deviceId, long networkId) {}
