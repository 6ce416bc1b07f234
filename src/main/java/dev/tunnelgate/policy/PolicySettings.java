package dev.tunnelgate.policy;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * A policy as {@link PolicyValidator} accepted it: a clean name, at least one network and destination (all existing
 * when checked), and at least one subject: groups as the sign-in records them (no leading '/'), or users. The sets
 * are sorted and unmodifiable.
 */
public record PolicySettings(
        String name,
        boolean enabled,
        Set<Long> networkIds,
        Set<Long> destinationIds,
        Set<String> groups,
        Set<Long> userIds) {
    public PolicySettings {
        networkIds = sorted(networkIds);
        destinationIds = sorted(destinationIds);
        groups = sorted(groups);
        userIds = sorted(userIds);
    }

    private static <T> Set<T> sorted(Set<T> items) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(items));
    }

    /** Every value as text (ids for networks, destinations and users), as the audit log records it. */
    @Override
    public String toString() {
        return "Policy[name=%s, enabled=%s, networks=%s, destinations=%s, groups=%s, users=%s]"
                .formatted(name, enabled, networkIds, destinationIds, groups, userIds);
    }
}
