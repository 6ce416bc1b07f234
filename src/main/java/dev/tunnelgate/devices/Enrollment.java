package dev.tunnelgate.devices;

/** The outcome of "Add device": the device, whether it is active or waits, and its config. */
public record Enrollment(DeviceRow device, String statusExplanation, DeviceConfig config) {}
