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
            return "never connected";
        }
        var age = Duration.between(handshake, now);
        var via = member == null ? "" : " via " + member;
        return (age.compareTo(CONNECTED) < 0 ? "connected " : "last seen ") + ago(age) + via;
    }

    private static String ago(Duration age) {
        // A handshake slightly ahead of the portal's clock (a gateway's clock is never exact) is "just now".
        if (age.toSeconds() < 60) {
            return "just now";
        }
        if (age.toMinutes() < 60) {
            return age.toMinutes() + " min ago";
        }
        if (age.toHours() < 24) {
            return age.toHours() + " h ago";
        }
        long days = age.toDays();
        return days == 1 ? "1 day ago" : days + " days ago";
    }
}
