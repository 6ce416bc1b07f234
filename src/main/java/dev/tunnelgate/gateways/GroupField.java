package dev.tunnelgate.gateways;

import dev.tunnelgate.text.FieldKey;

/** The fields of a gateway group that {@link GatewayService} names when it refuses input. */
public enum GroupField implements FieldKey {
    NAME("Name"),
    ENDPOINT("Endpoint"),
    LISTEN_PORT("Listen port"),
    NETWORKS("Networks"),
    PUBLIC_KEY("Public key");

    private final String label;

    GroupField(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
