package dev.tunnelgate.policy;

import java.util.List;
import java.util.Set;

/**
 * A policy as the admin form sends it: chosen networks, destinations and users by id, and groups as typed (a
 * leading '/' is removed, as the sign-in removes it from the groups claim). {@link PolicyService} turns it into
 * {@link PolicySettings}, or says which field is wrong.
 */
public record PolicySpec(
        String name,
        boolean enabled,
        Set<Long> networkIds,
        Set<Long> destinationIds,
        List<String> groups,
        Set<Long> userIds) {
    public static final int NAME_MAX = 64;

    public PolicySpec {
        networkIds = Set.copyOf(networkIds);
        destinationIds = Set.copyOf(destinationIds);
        groups = List.copyOf(groups);
        userIds = Set.copyOf(userIds);
    }

    /** The form's values for stored settings, to edit them. */
    public static PolicySpec of(PolicySettings settings) {
        return new PolicySpec(
                settings.name(),
                settings.enabled(),
                settings.networkIds(),
                settings.destinationIds(),
                List.copyOf(settings.groups()),
                settings.userIds());
    }
}
