package dev.tunnelgate.text;

import org.jspecify.annotations.Nullable;

/**
 * User input was refused; the message names the field and the rule, and never repeats the text. Most name the
 * field by its {@link FieldKey}; a few are about the request as a whole and name none.
 */
public class InvalidInputException extends IllegalArgumentException {
    private final @Nullable FieldKey field;
    private final @Nullable String fieldLabel;

    public InvalidInputException(FieldKey field, String message) {
        super(message);
        this.field = field;
        this.fieldLabel = field.label();
    }

    /**
     * An error that names its field by label only: forms match it against their keys' labels. Kept for the
     * validators that do not name a {@link FieldKey} yet; new code uses {@link #InvalidInputException(FieldKey, String)}.
     */
    public InvalidInputException(String fieldLabel, String message) {
        super(message);
        this.field = null;
        this.fieldLabel = fieldLabel;
    }

    /** An error about the request as a whole, which no field of a form could correct. */
    public InvalidInputException(String message) {
        super(message);
        this.field = null;
        this.fieldLabel = null;
    }

    /** The offending field, so a form can put the message next to it; null when the error names none or only a label. */
    public @Nullable FieldKey field() {
        return field;
    }

    /** The label of the offending field, or null when the error is about no single field. */
    public @Nullable String fieldLabel() {
        return fieldLabel;
    }
}
