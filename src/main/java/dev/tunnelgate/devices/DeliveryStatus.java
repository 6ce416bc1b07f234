package dev.tunnelgate.devices;

import java.util.Collection;
import java.util.Map;

/**
 * How far the gateways are with a device ("active on 2/2 gateways", "revocation pending on gw-b"). Implemented by
 * the gateway side; device views only show it. Without an implementation devices show no delivery state.
 */
public interface DeliveryStatus {
    /** A short text per device id; devices without an entry show none. */
    Map<Long, String> describe(Collection<DeviceRow> devices);
}
