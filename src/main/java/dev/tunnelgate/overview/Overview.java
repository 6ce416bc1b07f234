package dev.tunnelgate.overview;

import dev.tunnelgate.devices.DeviceStatus;
import java.util.Map;

/**
 * The figures of the overview, read at one moment.
 *
 * @param devices devices per status (every status present, zero included)
 * @param gatewaysOffline gateway members (not revoked) whose agent has not polled within the online window
 * @param gatewaysBehind gateway members (not revoked) that have not applied their group's revision
 * @param gatewaysNeedingAttention members that are offline, behind, or both (each counted once)
 * @param failedJobs gateway jobs that gave up
 */
public record Overview(
        Map<DeviceStatus, Long> devices,
        long gatewaysOffline,
        long gatewaysBehind,
        long gatewaysNeedingAttention,
        long failedJobs) {
    public Overview {
        devices = Map.copyOf(devices);
    }

    /** Devices waiting for an approver. */
    public long pendingApprovals() {
        return devices.getOrDefault(DeviceStatus.PENDING, 0L);
    }
}
