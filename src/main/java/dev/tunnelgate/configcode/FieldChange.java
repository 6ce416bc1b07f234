package dev.tunnelgate.configcode;

import org.jspecify.annotations.Nullable;

/**
 * One key of an object that a file changes, its values as text (lists as {@code [a, b]}).
 *
 * @param before null when the object is created or the key had no value
 * @param after  null when the object is deleted or the key gets no value
 */
public record FieldChange(
        String field, @Nullable String before, @Nullable String after) {}
