package dev.tunnelgate.devices;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What an owner is told about a device's lifecycle: an expiry within a week, a key older than the network asks. */
final class LifecycleFlags {
    private LifecycleFlags() {}

    /**
     * The flags of a device at {@code now}; {@code rotateAfterDays} is its network's rule (null: off). A device that
     * cannot connect any more has none.
     */
    static List<String> of(DeviceRow row, @Nullable Integer rotateAfterDays, Instant now) {
        var flags = new ArrayList<String>();
        if (row.status() != DeviceStatus.ACTIVE && row.status() != DeviceStatus.PENDING) {
            return flags;
        }
        var expiresAt = row.lifecycle().expiresAt();
        if (expiresAt != null && DeviceExpiry.soon(expiresAt, now)) {
            flags.add(expires(Duration.between(now, expiresAt)));
        }
        if (row.status() == DeviceStatus.ACTIVE
                && rotateAfterDays != null
                && row.lifecycle().nextPublicKey() == null) {
            var age = Duration.between(row.lifecycle().keyCreatedAt(), now);
            if (age.compareTo(Duration.ofDays(rotateAfterDays)) > 0) {
                flags.add(MyDevicesTexts.text("mydevices.flag.key-old", age.toDays()));
            }
        }
        return flags;
    }

    /** "expires in 3 days", "expires in 5 hours", "expires within the hour". */
    static String expires(Duration left) {
        if (left.toDays() >= 1) {
            return MyDevicesTexts.text("mydevices.flag.expires-days", left.toDays());
        }
        if (left.toHours() >= 1) {
            return MyDevicesTexts.text("mydevices.flag.expires-hours", left.toHours());
        }
        return MyDevicesTexts.text("mydevices.flag.expires-within-hour");
    }
}
