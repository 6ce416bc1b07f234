package dev.tunnelgate.devices;

import dev.tunnelgate.ui.Formats;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The Devices view's export: RFC 4180 CSV, every cell quoted. A cell that a spreadsheet would take for a formula
 * (starting with = + - @, a tab or a carriage return) gets a leading apostrophe, so that a device or user name such as
 * {@code =HYPERLINK(...)} stays text.
 */
final class FleetCsv {
    static final List<String> HEADER = List.of(
            "id",
            "owner",
            "network",
            "name",
            "platform",
            "status",
            "ipv4",
            "ipv6",
            "key origin",
            "public key",
            "created",
            "last handshake",
            "last handshake member",
            "expires",
            "key created",
            "gateways",
            "revoked by",
            "reason");

    private FleetCsv() {}

    static void header(Writer out) throws IOException {
        line(out, HEADER);
    }

    static void row(Writer out, DeviceRow row) throws IOException {
        var lifecycle = row.lifecycle();
        line(
                out,
                List.of(
                        Long.toString(row.id()),
                        row.ownerName(),
                        row.networkName(),
                        row.name(),
                        row.platform().name().toLowerCase(Locale.ROOT),
                        row.status().name().toLowerCase(Locale.ROOT),
                        row.ipv4Address(),
                        text(row.ipv6Address()),
                        row.keyOrigin().name().toLowerCase(Locale.ROOT),
                        row.publicKey(),
                        time(row.createdAt()),
                        time(lifecycle.lastHandshakeAt()),
                        text(lifecycle.lastHandshakeMember()),
                        time(lifecycle.expiresAt()),
                        time(lifecycle.keyCreatedAt()),
                        MyDevicesView.deliveryText(row.delivery()),
                        text(lifecycle.revokedBy()),
                        text(row.status() == DeviceStatus.REJECTED ? row.decisionReason() : lifecycle.revokeReason())));
    }

    /** One quoted cell, neutralized against formula injection. */
    static String cell(String value) {
        var text = value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    private static void line(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells.get(i)));
        }
        out.write("\r\n");
    }

    private static String text(@Nullable String value) {
        return value == null ? "" : value;
    }

    private static String time(@Nullable Instant instant) {
        return instant == null ? "" : Formats.dateTime(instant);
    }
}
