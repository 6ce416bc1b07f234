package dev.tunnelgate.ui;

import com.vaadin.flow.component.UI;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/** How the UI writes values: dates and numbers in the page's language (times in UTC, and saying so). */
public final class Formats {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofLocalizedDateTime(
                    FormatStyle.MEDIUM, FormatStyle.SHORT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withZone(ZoneOffset.UTC);

    private Formats() {}

    /** e.g. "Dec 5, 2026, 4:41 PM UTC" or "05.12.2026, 16:41 UTC". */
    public static String dateTime(Instant instant) {
        return DATE_TIME.withLocale(locale()).format(instant) + " UTC";
    }

    /** e.g. "Dec 5, 2026" or "05.12.2026". */
    public static String date(Instant instant) {
        return DATE.withLocale(locale()).format(instant);
    }

    /** e.g. "10,000" or "10.000". */
    public static String number(long value) {
        return NumberFormat.getIntegerInstance(locale()).format(value);
    }

    /** The page's language; English outside a page (exports, logs). */
    public static Locale locale() {
        var ui = UI.getCurrent();
        return ui == null ? Locale.ENGLISH : ui.getLocale();
    }
}
