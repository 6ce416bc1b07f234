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
            flags.add("expires " + in(Duration.between(now, expiresAt)));
        }
        if (row.status() == DeviceStatus.ACTIVE
                && rotateAfterDays != null
                && row.lifecycle().nextPublicKey() == null) {
            var age = Duration.between(row.lifecycle().keyCreatedAt(), now);
            if (age.compareTo(Duration.ofDays(rotateAfterDays)) > 0) {
                flags.add("key %d days old: replace it".formatted(age.toDays()));
            }
        }
        return flags;
    }

    /** "in 3 days", "in 5 hours", "within the hour". */
    static String in(Duration left) {
        if (left.toDays() >= 1) {
            return "in %d day%s".formatted(left.toDays(), left.toDays() == 1 ? "" : "s");
        }
        if (left.toHours() >= 1) {
            return "in %d hour%s".formatted(left.toHours(), left.toHours() == 1 ? "" : "s");
        }
        return "within the hour";
    }
}
