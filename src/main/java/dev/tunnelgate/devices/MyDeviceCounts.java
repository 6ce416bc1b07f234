package dev.tunnelgate.devices;

import java.util.Set;

/** A user's devices that can connect (pending or active) and those that ended (revoked or rejected). */
public record MyDeviceCounts(long current, long ended) {
    /** The statuses of a device that can still connect, or will once approved. */
    static final Set<DeviceStatus> CURRENT = Set.of(DeviceStatus.PENDING, DeviceStatus.ACTIVE);

    public boolean none() {
        return current == 0 && ended == 0;
    }
}
