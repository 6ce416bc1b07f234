package dev.tunnelgate.networks;

/**
 * A network's settings are about to change: published inside the transaction of the change, after the new settings
 * were found valid and before they are applied, so that listeners can take note of what the old settings decide
 * (such as what each device may reach). {@link NetworkChanged} follows once they are applied.
 */
public record NetworkChanging(long networkId) {}
