package dev.tunnelgate.configcode;

import java.util.List;

/**
 * What a file changes about one object.
 *
 * @param kind   {@code network}, {@code destination}, {@code gatewayGroup} or {@code policy}
 * @param action {@code create}, {@code update} or {@code delete}
 * @param fields every key of a created or deleted object; the keys that differ for an update
 */
public record ConfigChange(String kind, String action, String name, List<FieldChange> fields) {
    public static final String CREATE = "create";
    public static final String UPDATE = "update";
    public static final String DELETE = "delete";

    public ConfigChange {
        fields = List.copyOf(fields);
    }
}
