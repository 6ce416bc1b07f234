package dev.tunnelgate.devices;

import java.util.Arrays;
import java.util.Optional;

/**
 * The columns the Devices view sorts by, each with the one SQL expression it sorts on: the grid's sort keys are looked
 * up here, so nothing a browser sends reaches the ORDER BY but these.
 */
public enum FleetColumn {
    OWNER("owner", "u.display_name"),
    NETWORK("network", "n.name"),
    NAME("name", "d.name"),
    STATUS("status", "d.status"),
    ADDRESSES("addresses", "d.ipv4_address"),
    KEY_ORIGIN("keys", "d.key_origin"),
    CREATED("created", "d.created_at"),
    LAST_HANDSHAKE("handshake", "d.last_handshake_at", true),
    EXPIRES("expires", "d.expires_at", true),
    // The older the key, the earlier it was made: ascending age is descending creation.
    KEY_AGE("key-age", "d.key_created_at");

    private final String key;
    private final String expression;
    private final boolean nullable;

    FleetColumn(String key, String expression) {
        this(key, expression, false);
    }

    FleetColumn(String key, String expression, boolean nullable) {
        this.key = key;
        this.expression = expression;
        this.nullable = nullable;
    }

    /** The grid column's key. */
    public String key() {
        return key;
    }

    String expression() {
        return expression;
    }

    public static Optional<FleetColumn> byKey(String key) {
        return Arrays.stream(values()).filter(c -> c.key.equals(key)).findFirst();
    }

    /** One column of an ORDER BY. */
    public record Order(FleetColumn column, boolean descending) {
        String sql() {
            var down = column == KEY_AGE ? !descending : descending;
            // Both databases put nulls (never seen, never expires) last, whichever way the column is sorted. Said only
            // where there can be nulls: PostgreSQL walks an index backwards for "desc" but not for "desc nulls last".
            return column.expression + (down ? " desc" : " asc") + (column.nullable ? " nulls last" : "");
        }
    }
}
