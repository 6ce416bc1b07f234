package dev.tunnelgate.networks;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What happens to a network's devices without anyone's click. A null rule is off (the default for each).
 *
 * @param expireAfterDays  devices expire this many days after enrollment (an enrollment may choose fewer)
 * @param staleAfterDays   devices are revoked after this many days without a handshake (never seen: since approval)
 * @param rotateAfterDays  a key older than this is flagged for rotation (flag only)
 * @param rotationOverlapHours how long an old key keeps working after "Replace key" when the new key is not seen
 */
public record NetworkLifecycle(
        @Nullable Integer expireAfterDays,
        @Nullable Integer staleAfterDays,
        @Nullable Integer rotateAfterDays,
        int rotationOverlapHours) {
    public static final int MAX_DAYS = 3650;
    public static final int MAX_OVERLAP_HOURS = 720;
    public static final NetworkLifecycle DEFAULT = new NetworkLifecycle(null, null, null, 24);

    public NetworkLifecycle {
        requireRange(expireAfterDays, MAX_DAYS, "expireAfterDays");
        requireRange(staleAfterDays, MAX_DAYS, "staleAfterDays");
        requireRange(rotateAfterDays, MAX_DAYS, "rotateAfterDays");
        requireRange(rotationOverlapHours, MAX_OVERLAP_HOURS, "rotationOverlapHours");
    }

    public Duration rotationOverlap() {
        return Duration.ofHours(rotationOverlapHours);
    }

    private static void requireRange(@Nullable Integer value, int max, String what) {
        if (value != null && (value < 1 || value > max)) {
            throw new IllegalArgumentException(what + " must be between 1 and " + max);
        }
    }
}
