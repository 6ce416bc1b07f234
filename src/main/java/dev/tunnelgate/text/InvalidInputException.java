package dev.tunnelgate.text;

import org.jspecify.annotations.Nullable;

/**
 * User input was refused; the message names the field and the rule, and never repeats the text. Most name the
 * field by its {@link FieldKey}; a few are about the request as a whole and name none. A refusal made from a
 * {@link Message} has its English text as message and keeps the key, so that views show it in the page's language.
 */
public class InvalidInputException extends IllegalArgumentException {
    private final @Nullable FieldKey field;
    private final @Nullable String fieldLabel;
    private final @Nullable Message text;

    public InvalidInputException(FieldKey field, String message) {
        super(message);
        this.field = field;
        this.fieldLabel = field.label();
        this.text = null;
    }

    public InvalidInputException(FieldKey field, Message message) {
        super(message.english());
        this.field = field;
        this.fieldLabel = field.label();
        this.text = message;
    }

    /**
     * An error that names its field by label only: forms match it against their keys' labels. Kept for the
     * validators that do not name a {@link FieldKey} yet; new code uses {@link #InvalidInputException(FieldKey, String)}.
     */
    public InvalidInputException(String fieldLabel, String message) {
        super(message);
        this.field = null;
        this.fieldLabel = fieldLabel;
        this.text = null;
    }

    /** As {@link #InvalidInputException(String, String)}, with a translatable message. */
    public InvalidInputException(String fieldLabel, Message message) {
        super(message.english());
        this.field = null;
        this.fieldLabel = fieldLabel;
        this.text = message;
    }

    /** An error about the request as a whole, which no field of a form could correct. */
    public InvalidInputException(String message) {
        super(message);
        this.field = null;
        this.fieldLabel = null;
        this.text = null;
    }

    /** As {@link #InvalidInputException(String)}, with a translatable message. */
    public InvalidInputException(Message message) {
        super(message.english());
        this.field = null;
        this.fieldLabel = null;
        this.text = message;
    }

    /** The offending field, so a form can put the message next to it; null when the error names none or only a label. */
    public @Nullable FieldKey field() {
        return field;
    }

    /** The label of the offending field, or null when the error is about no single field. */
    public @Nullable String fieldLabel() {
        return fieldLabel;
    }

    /** The message as a key of the {@code refusals} bundle; null for a refusal worded in English only. */
    public @Nullable Message message() {
        return text;
    }
}
