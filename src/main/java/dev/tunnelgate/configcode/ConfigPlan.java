package dev.tunnelgate.configcode;

import dev.tunnelgate.networks.LifecycleSpec;
import dev.tunnelgate.networks.NetworkSpec;
import dev.tunnelgate.policy.DestinationSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A file compared with what is stored: the diff, and the service calls that make it true. Steps name networks and
 * destinations by key ({@link dev.tunnelgate.persistence.UniqueNames#key}); {@link ConfigApplier} turns keys into
 * ids, stored ones from {@code networkIds} and {@code destinationIds}, new ones as it creates them.
 */
record ConfigPlan(
        ConfigDiff diff,
        Map<String, Long> networkIds,
        Map<String, Long> destinationIds,
        List<NetworkStep> networks,
        List<DestinationStep> destinations,
        List<GroupStep> groups,
        List<PolicyStep> policies,
        List<Deletion> policyDeletions,
        List<Deletion> destinationDeletions) {
    ConfigPlan {
        networkIds = Map.copyOf(networkIds);
        destinationIds = Map.copyOf(destinationIds);
        networks = List.copyOf(networks);
        destinations = List.copyOf(destinations);
        groups = List.copyOf(groups);
        policies = List.copyOf(policies);
        policyDeletions = List.copyOf(policyDeletions);
        destinationDeletions = List.copyOf(destinationDeletions);
    }

    /**
     * A network to create ({@code id} null) or update.
     *
     * @param settingsChanged   whether {@code update} is called (for a network a gateway group serves before or after,
     *                          its endpoint and key do not count: the group sets them)
     * @param lifecycleChanged  whether {@code updateLifecycle} is called
     * @param released          whether a gateway group serves the network now and none will: its own endpoint and
     *                          key are set once the groups are saved
     */
    record NetworkStep(
            FilePath path,
            String key,
            @Nullable Long id,
            NetworkSpec spec,
            LifecycleSpec lifecycle,
            boolean settingsChanged,
            boolean lifecycleChanged,
            boolean released) {}

    record DestinationStep(
            FilePath path, String key, @Nullable Long id, DestinationSpec spec) {}

    /** A gateway group to create or update; {@code releases}: it lets go of a network it serves now. */
    record GroupStep(
            FilePath path,
            @Nullable Long id,
            String name,
            String endpoint,
            int listenPort,
            @Nullable String publicKey,
            List<String> networkKeys,
            boolean releases) {
        GroupStep {
            networkKeys = List.copyOf(networkKeys);
        }
    }

    record PolicyStep(
            FilePath path,
            @Nullable Long id,
            String name,
            boolean enabled,
            List<String> networkKeys,
            List<String> destinationKeys,
            List<String> groups,
            Set<Long> userIds) {
        PolicyStep {
            networkKeys = List.copyOf(networkKeys);
            destinationKeys = List.copyOf(destinationKeys);
            groups = List.copyOf(groups);
            userIds = Set.copyOf(userIds);
        }
    }

    record Deletion(long id, String name) {}
}
