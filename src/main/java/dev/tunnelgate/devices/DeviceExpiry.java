package dev.tunnelgate.devices;

import dev.tunnelgate.networks.NetworkLifecycle;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.Message;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** When a device enrolled now expires: the network's rule, or sooner if its owner asks. */
final class DeviceExpiry {
    /** Devices expiring within this window are flagged to their owners. */
    static final Duration WARNING = Duration.ofDays(7);

    private DeviceExpiry() {}

    /** The expiry of a device enrolled at {@code now}; null: never. A request beyond the network's rule is refused. */
    static @Nullable Instant at(Instant now, @Nullable Integer requestedDays, NetworkLifecycle network) {
        var max = network.expireAfterDays();
        if (requestedDays == null) {
            return max == null ? null : now.plus(Duration.ofDays(max));
        }
        int limit = max == null ? NetworkLifecycle.MAX_DAYS : max;
        if (requestedDays < 1 || requestedDays > limit) {
            throw new InvalidInputException(
                    DeviceField.EXPIRY,
                    max == null
                            ? Message.of("refusals.device.expiry", limit)
                            : Message.of("refusals.device.expiry.network", max));
        }
        return now.plus(Duration.ofDays(requestedDays));
    }

    /** Whether a device's owner should be told it expires soon. */
    static boolean soon(@Nullable Instant expiresAt, Instant now) {
        return expiresAt != null && expiresAt.isAfter(now) && !expiresAt.isAfter(now.plus(WARNING));
    }
}
