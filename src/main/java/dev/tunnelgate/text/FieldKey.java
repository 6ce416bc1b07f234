package dev.tunnelgate.text;

/**
 * A form field that a service can name when it refuses input, so that the form shows the message on that field.
 * Each feature lists its fields in an enum; forms map their components by these keys, never by label text.
 */
public interface FieldKey {
    /** The field's name as messages use it, e.g. "Public key". */
    String label();
}
