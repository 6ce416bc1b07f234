package dev.tunnelgate.devices;

import dev.tunnelgate.policy.Reach;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The "Can reach" column of My devices: what each device reaches, loaded for a whole page of rows at once (one
 * evaluation per page, not one per row).
 */
final class ReachColumn {
    private final DeviceReach reach;
    private final Map<Long, List<Reach>> loaded = new ConcurrentHashMap<>();

    ReachColumn(DeviceReach reach) {
        this.reach = reach;
    }

    /** Loads what these rows reach and hands them on. */
    List<DeviceRow> load(List<DeviceRow> rows) {
        loaded.putAll(reach.ofMyDevices(rows.stream().map(DeviceRow::id).toList()));
        return rows;
    }

    String text(DeviceRow row) {
        if (row.status() != DeviceStatus.ACTIVE && row.status() != DeviceStatus.PENDING) {
            return "";
        }
        var reaches = loaded.getOrDefault(row.id(), List.of());
        if (reaches.isEmpty()) {
            return MyDevicesTexts.text("mydevices.reach.nothing");
        }
        return row.status() == DeviceStatus.PENDING
                ? MyDevicesTexts.text("mydevices.reach.once-approved", text(reaches))
                : text(reaches);
    }

    /** {@code Wiki (tcp 443), Mail (tcp 25, 587)}, or "Everything the gateway routes" for an open network. */
    static String text(List<Reach> reaches) {
        return String.join(", ", reaches.stream().map(Reach::label).toList());
    }
}
