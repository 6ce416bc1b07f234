package dev.tunnelgate.policy;

import dev.tunnelgate.text.FieldKey;

/** The fields of the question "who can reach this address", for errors that name one. */
public enum ExplainField implements FieldKey {
    ADDRESS("Address"),
    PROTOCOL("Protocol"),
    PORT("Port");

    private final String label;

    ExplainField(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
