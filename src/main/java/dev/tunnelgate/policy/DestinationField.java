package dev.tunnelgate.policy;

import dev.tunnelgate.text.FieldKey;

/** The fields of a destination that {@link DestinationService} names when it refuses input. */
public enum DestinationField implements FieldKey {
    NAME("Name"),
    PREFIXES("Prefixes"),
    PROTOCOL("Protocol"),
    PORTS("Ports");

    private final String label;

    DestinationField(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
