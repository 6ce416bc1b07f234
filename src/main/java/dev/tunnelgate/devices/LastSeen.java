package dev.tunnelgate.devices;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** How a device's newest handshake reads to its owner: "connected 2 min ago via gw-a", "never connected". */
public final class LastSeen {
    /** A device counts as connected while its last handshake is this recent (WireGuard rekeys every 2 minutes). */
    public static final Duration CONNECTED = Duration.ofMinutes(3);

    private LastSeen() {}

    public static String text(DeviceRow.Lifecycle lifecycle, Instant now) {
        return text(lifecycle.lastHandshakeAt(), lifecycle.lastHandshakeMember(), now);
    }

    public static String text(@Nullable Instant handshake, @Nullable String member, Instant now) {
        if (handshake == null) {
            return MyDevicesTexts.text("mydevices.last-seen.never");
        }
        var age = Duration.between(handshake, now);
        var key = age.compareTo(CONNECTED) < 0 ? "mydevices.last-seen.connected" : "mydevices.last-seen.seen";
        return member == null
                ? MyDevicesTexts.text(key, ago(age))
                : MyDevicesTexts.text(key + "-via", ago(age), member);
    }

    private static String ago(Duration age) {
        // A handshake slightly ahead of the portal's clock (a gateway's clock is never exact) is "just now".
        if (age.toSeconds() < 60) {
            return MyDevicesTexts.text("mydevices.ago.just-now");
        }
        if (age.toMinutes() < 60) {
            return MyDevicesTexts.text("mydevices.ago.minutes", age.toMinutes());
        }
        if (age.toHours() < 24) {
            return MyDevicesTexts.text("mydevices.ago.hours", age.toHours());
        }
        return MyDevicesTexts.text("mydevices.ago.days", age.toDays());
    }
}
