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

    /**
     * Checks the policy's own fields as {@link PolicyService} does before it saves (name, list sizes, groups, at least
     * one grantee) and saves nothing; whether the networks, destinations and users it names exist, and whether the
     * name is taken, is left to saving. The settings, or {@link dev.tunnelgate.text.InvalidInputException} naming the
     * field.
     */
    public PolicySettings validateFields() {
        return PolicyValidator.validate(this, new PolicyValidator.References(ids -> ids, ids -> ids, ids -> ids));
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
