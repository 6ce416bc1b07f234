package dev.tunnelgate.policy;

import java.util.List;

/** A device, whose it is, and what it reaches (for an address question: only what lets it reach that address). */
public record DeviceAccess(
        long deviceId,
        String deviceName,
        String status,
        long ownerId,
        String ownerName,
        long networkId,
        String networkName,
        List<Reach> reaches) {
    public DeviceAccess {
        reaches = List.copyOf(reaches);
    }

    /** Only active devices have a peer on the gateways, so only they reach anything today. */
    public boolean active() {
        return "ACTIVE".equals(status);
    }

    /** Waiting for approval: reaches {@link #reaches} once approved. */
    public boolean pending() {
        return "PENDING".equals(status);
    }

    /** Revoked or rejected: reaches nothing, whatever the policies say. */
    public boolean retired() {
        return !active() && !pending();
    }

    DeviceAccess withReaches(List<Reach> only) {
        return new DeviceAccess(deviceId, deviceName, status, ownerId, ownerName, networkId, networkName, only);
    }
}
