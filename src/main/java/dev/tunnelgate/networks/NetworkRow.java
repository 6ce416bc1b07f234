package dev.tunnelgate.networks;

/** A network as lists and choosers show it. */
public record NetworkRow(long id, NetworkSpec spec) {
    static NetworkRow of(Network network) {
        return new NetworkRow(network.id(), network.spec());
    }
}
