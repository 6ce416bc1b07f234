package dev.tunnelgate.text;

/** User text was rejected; the message names the field and the rule, and never repeats the text. */
public class InvalidInputException extends IllegalArgumentException {
    private final String fieldLabel;

    public InvalidInputException(String fieldLabel, String message) {
        super(message);
        this.fieldLabel = fieldLabel;
    }

    /** The label of the offending field, so a form can put the message next to it. */
    public String fieldLabel() {
        return fieldLabel;
    }
}
