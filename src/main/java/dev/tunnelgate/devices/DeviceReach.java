package dev.tunnelgate.devices;

import dev.tunnelgate.identity.CurrentUser;
import dev.tunnelgate.policy.AccessGrants;
import dev.tunnelgate.policy.Reach;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What the signed-in user's own devices reach, as "My devices" lists it. */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class DeviceReach {
    private static final EnumSet<DeviceStatus> LIVE = EnumSet.of(DeviceStatus.ACTIVE, DeviceStatus.PENDING);

    private final DeviceRepository devices;
    private final AccessGrants grants;
    private final CurrentUser currentUser;

    DeviceReach(DeviceRepository devices, AccessGrants grants, CurrentUser currentUser) {
        this.devices = devices;
        this.grants = grants;
        this.currentUser = currentUser;
    }

    /**
     * For each of these devices that the signed-in user owns and that is active or pending, the destinations it
     * reaches (a pending one: once approved), evaluated together. Anyone else's devices, and revoked or rejected
     * ones, are absent.
     */
    public Map<Long, List<Reach>> ofMyDevices(Collection<Long> deviceIds) {
        if (deviceIds.isEmpty()) {
            return Map.of();
        }
        long me = currentUser.require().userId();
        var mine = devices.findAllById(deviceIds).stream()
                .filter(device -> device.ownerId() == me && LIVE.contains(device.status()))
                .map(device -> new AccessGrants.DeviceRef(device.id(), device.ownerId(), device.networkId()))
                .toList();
        var result = new HashMap<Long, List<Reach>>();
        grants.explain(mine).forEach((id, granted) -> result.put(id, Reach.of(granted)));
        return result;
    }
}
