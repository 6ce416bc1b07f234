package dev.tunnelgate.gateways;

import dev.tunnelgate.ui.Formats;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** How the gateway views write keys, times and reported texts. */
final class GatewayTexts {
    private static final int SHORT_KEY = 10;

    private GatewayTexts() {}

    /** The start of a key, enough to tell keys apart at a glance; the full key goes in a tooltip. */
    static String shortKey(@Nullable String key) {
        return key == null ? "" : key.substring(0, Math.min(SHORT_KEY, key.length())) + "…";
    }

    static String dateTime(@Nullable Instant instant, String otherwise) {
        return instant == null ? otherwise : Formats.dateTime(instant);
    }

    /** A reported text with the time it was reported, e.g. "2026-01-05 10:00 UTC: wg set failed". */
    static String at(@Nullable String text, @Nullable Instant when) {
        if (text == null) {
            return "";
        }
        return when == null ? text : Formats.dateTime(when) + ": " + text;
    }
}
