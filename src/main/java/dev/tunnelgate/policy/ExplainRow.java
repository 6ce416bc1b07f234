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

    /** A line per destination; a device that reaches nothing gets one line that says so. */
    static List<ExplainRow> of(List<DeviceAccess> devices) {
        var rows = new ArrayList<ExplainRow>();
        for (var device : devices) {
            var status = PolicyTexts.status(device.status());
            if (device.reaches().isEmpty()) {
                rows.add(new ExplainRow(
                        device.ownerName(),
                        device.deviceName(),
                        device.networkName(),
                        status,
                        device.retired()
                                ? PolicyTexts.text("policy.explain.nothing-retired", status)
                                : PolicyTexts.text("policy.explain.nothing"),
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
                        reach.openNetwork() ? PolicyTexts.text(Reach.EVERYTHING) : reach.destinationName(),
                        reach.trafficText(),
                        reach.prefixesText(),
                        reach.grantedBy()));
            }
        }
        return rows;
    }
}
