package dev.tunnelgate.networks;

import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.Message;
import org.jspecify.annotations.Nullable;

/**
 * A network's lifecycle rules as a form or client sends them: each rule a number or empty (off); the overlap window
 * empty means its default. {@link #validate()} turns it into {@link NetworkLifecycle} or names the field it refuses.
 */
public record LifecycleSpec(
        @Nullable Integer expireAfterDays,
        @Nullable Integer staleAfterDays,
        @Nullable Integer rotateAfterDays,
        @Nullable Integer rotationOverlapHours) {

    public static LifecycleSpec of(NetworkLifecycle lifecycle) {
        return new LifecycleSpec(
                lifecycle.expireAfterDays(),
                lifecycle.staleAfterDays(),
                lifecycle.rotateAfterDays(),
                lifecycle.rotationOverlapHours());
    }

    public NetworkLifecycle validate() {
        var overlap = rotationOverlapHours == null
                ? NetworkLifecycle.DEFAULT.rotationOverlapHours()
                : inRange(
                        rotationOverlapHours, NetworkLifecycle.MAX_OVERLAP_HOURS, NetworkField.ROTATION_OVERLAP_HOURS);
        return new NetworkLifecycle(
                days(expireAfterDays, NetworkField.EXPIRE_AFTER_DAYS),
                days(staleAfterDays, NetworkField.STALE_AFTER_DAYS),
                days(rotateAfterDays, NetworkField.ROTATE_AFTER_DAYS),
                overlap);
    }

    private static @Nullable Integer days(@Nullable Integer value, NetworkField field) {
        return value == null ? null : inRange(value, NetworkLifecycle.MAX_DAYS, field);
    }

    private static int inRange(int value, int max, NetworkField field) {
        if (value < 1 || value > max) {
            throw new InvalidInputException(field, Message.of("refusals.network.days", field.label(), max));
        }
        return value;
    }
}
