package dev.tunnelgate.text;

/**
 * A form field that a service can name when it refuses input, so that the form shows the message on that field.
 * Each feature lists its fields in an enum; forms map their components by these keys, never by label text.
 */
public interface FieldKey {
    /** The field's name as messages use it, e.g. "Public key". */
    String label();

    /**
     * The field's name in the REST API, its JSON property: by default the enum constant in lower camel case
     * ({@code PUBLIC_KEY} → {@code publicKey}). Request records name their properties the same way.
     */
    default String apiName() {
        if (this instanceof Enum<?> constant) {
            var parts = constant.name().toLowerCase(java.util.Locale.ROOT).split("_");
            var name = new StringBuilder(parts[0]);
            for (int i = 1; i < parts.length; i++) {
                name.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
            }
            return name.toString();
        }
        return label();
    }
}
