package dev.tunnelgate.policy;

import java.util.ArrayList;
import java.util.List;

/** One line of the Explain view: a device, one destination it reaches, and what grants it. */
record ExplainRow(
        String user,
        String device,
        String network,
        String status,
        String destination,
        String traffic,
        String prefixes,
        String grantedBy) {
    static final String NOTHING = "Nothing: no enabled policy of its network grants its owner or their groups";

    /** A line per destination; a device that reaches nothing gets one line that says so. */
    static List<ExplainRow> of(List<DeviceAccess> devices) {
        var rows = new ArrayList<ExplainRow>();
        for (var device : devices) {
            var status = device.status().toLowerCase(java.util.Locale.ROOT);
            if (device.reaches().isEmpty()) {
                rows.add(new ExplainRow(
                        device.ownerName(),
                        device.deviceName(),
                        device.networkName(),
                        status,
                        device.retired() ? "Nothing: the device is " + status : NOTHING,
                        "",
                        "",
                        ""));
            }
            for (var reach : device.reaches()) {
                rows.add(new ExplainRow(
                        device.ownerName(),
                        device.deviceName(),
                        device.networkName(),
                        status,
                        reach.openNetwork() ? Reach.EVERYTHING : reach.destinationName(),
                        reach.trafficText(),
                        reach.prefixesText(),
                        reach.grantedBy()));
            }
        }
        return rows;
    }
}
