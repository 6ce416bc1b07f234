package dev.tunnelgate.policy;

import java.util.List;

/**
 * A policy as lists show it: its settings, and the names of what its ids refer to (each list sorted by name).
 *
 * @param networks     names of the policy's networks
 * @param destinations names of the destinations it grants
 * @param users        display names of the users it grants them to (besides {@code settings().groups()})
 */
public record PolicyRow(
        long id, PolicySettings settings, List<String> networks, List<String> destinations, List<String> users) {
    public PolicyRow {
        networks = List.copyOf(networks);
        destinations = List.copyOf(destinations);
        users = List.copyOf(users);
    }

    public String name() {
        return settings.name();
    }
}
