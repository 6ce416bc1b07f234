package dev.tunnelgate.devices;

import java.util.Collection;
import java.util.Map;

/**
 * How far the gateways are with each device. Implemented by the gateway side; device views only show it. Without
 * an implementation devices show no delivery state.
 */
public interface DeliveryStatus {
    /** The delivery state per device id; devices without an entry show none. */
    Map<Long, Delivery> describe(Collection<DeviceRow> devices);
}
