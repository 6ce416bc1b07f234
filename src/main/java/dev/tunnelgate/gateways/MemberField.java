package dev.tunnelgate.gateways;

import dev.tunnelgate.text.FieldKey;

/** The fields of a gateway member that {@link GatewayService} names when it refuses input. */
public enum MemberField implements FieldKey {
    NAME("Name");

    private final String label;

    MemberField(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
