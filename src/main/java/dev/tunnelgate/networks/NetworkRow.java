package dev.tunnelgate.networks;

/** A network as lists and choosers show it. */
public record NetworkRow(long id, NetworkSettings settings) {
    static NetworkRow of(Network network) {
        return new NetworkRow(network.id(), network.settings());
    }
}
