package dev.tunnelgate.devices;

import dev.tunnelgate.text.FieldKey;

/** The fields of a device that {@link DeviceService} names when it refuses input. */
public enum DeviceField implements FieldKey {
    NAME("Name"),
    NETWORK("Network"),
    KEYS("Keys"),
    PUBLIC_KEY("Public key"),
    REASON("Reason"),
    EXPIRY("Expires after (days)");

    private final String label;

    DeviceField(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    /** As the API's request bodies name these fields: the network and the expiry by what the client sends. */
    @Override
    public String apiName() {
        return switch (this) {
            case NETWORK -> "networkId";
            case EXPIRY -> "expiresInDays";
            default -> FieldKey.super.apiName();
        };
    }
}
