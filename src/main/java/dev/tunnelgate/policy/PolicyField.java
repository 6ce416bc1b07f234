package dev.tunnelgate.policy;

import dev.tunnelgate.text.FieldKey;

/** The fields of an access policy that {@link PolicyService} names when it refuses input. */
public enum PolicyField implements FieldKey {
    NAME("Name"),
    NETWORKS("Networks"),
    DESTINATIONS("Destinations"),
    GROUPS("Groups"),
    USERS("Users");

    private final String label;

    PolicyField(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
