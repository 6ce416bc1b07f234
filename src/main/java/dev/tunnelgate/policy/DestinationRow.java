package dev.tunnelgate.policy;

/** A destination as lists and choosers show it. */
public record DestinationRow(long id, DestinationSettings settings) {
    static DestinationRow of(Destination destination) {
        return new DestinationRow(destination.id(), destination.settings());
    }

    public String name() {
        return settings.name();
    }
}
