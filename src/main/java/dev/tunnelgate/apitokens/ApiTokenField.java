package dev.tunnelgate.apitokens;

import dev.tunnelgate.text.FieldKey;

/** The fields of the new-token form that a refusal can name. */
public enum ApiTokenField implements FieldKey {
    NAME("Name"),
    SCOPE("Scope"),
    LIFETIME("Expires after (days)");

    private final String label;

    ApiTokenField(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
