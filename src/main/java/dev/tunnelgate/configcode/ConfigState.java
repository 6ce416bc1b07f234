package dev.tunnelgate.configcode;

import dev.tunnelgate.configcode.ConfigFile.DestinationEntry;
import dev.tunnelgate.configcode.ConfigFile.GroupEntry;
import dev.tunnelgate.configcode.ConfigFile.NetworkEntry;
import dev.tunnelgate.configcode.ConfigFile.PolicyEntry;
import dev.tunnelgate.configcode.ConfigFile.UserEntry;
import dev.tunnelgate.networks.NetworkLifecycle;
import dev.tunnelgate.networks.NetworkSettings;
import dev.tunnelgate.persistence.UniqueNames;
import dev.tunnelgate.policy.DestinationSettings;
import dev.tunnelgate.policy.PolicySettings;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/**
 * What the portal holds, as its services list it: every object with its id, so that the file's names can be matched
 * to ids and back.
 *
 * @param users the sign-in identity of every user a policy names
 */
record ConfigState(
        List<StoredNetwork> networks,
        List<StoredDestination> destinations,
        List<StoredGroup> groups,
        List<StoredPolicy> policies,
        Map<Long, UserEntry> users) {
    /** Objects in the file's order: by name ignoring case, then by name. */
    static final Comparator<String> BY_NAME =
            Comparator.comparing((String name) -> UniqueNames.key(name)).thenComparing(Comparator.naturalOrder());

    ConfigState {
        networks = List.copyOf(networks);
        destinations = List.copyOf(destinations);
        groups = List.copyOf(groups);
        policies = List.copyOf(policies);
        users = Map.copyOf(users);
    }

    record StoredNetwork(long id, NetworkSettings settings, NetworkLifecycle lifecycle) {
        String name() {
            return settings.name();
        }
    }

    record StoredDestination(long id, DestinationSettings settings) {
        String name() {
            return settings.name();
        }
    }

    record StoredGroup(
            long id,
            String name,
            String endpoint,
            int listenPort,
            @Nullable String publicKey,
            List<Long> networkIds) {}

    record StoredPolicy(long id, PolicySettings settings) {
        String name() {
            return settings.name();
        }
    }

    /** The id of the gateway group serving each network that one serves. */
    Map<Long, StoredGroup> servingGroups() {
        var serving = new HashMap<Long, StoredGroup>();
        groups.forEach(group -> group.networkIds().forEach(id -> serving.put(id, group)));
        return serving;
    }

    /** Everything as one document, references by the stored names. */
    ConfigFile export() {
        var networkNames = new HashMap<Long, String>();
        networks.forEach(n -> networkNames.put(n.id(), n.name()));
        var destinationNames = new HashMap<Long, String>();
        destinations.forEach(d -> destinationNames.put(d.id(), d.name()));
        var serving = servingGroups();
        return new ConfigFile(
                ConfigFile.SCHEMA_VERSION,
                false,
                sorted(
                        networks.stream()
                                .map(n -> NetworkEntry.of(n.settings(), n.lifecycle(), serving.containsKey(n.id())))
                                .toList(),
                        NetworkEntry::name),
                sorted(
                        destinations.stream()
                                .map(d -> DestinationEntry.of(d.settings()))
                                .toList(),
                        DestinationEntry::name),
                sorted(
                        policies.stream()
                                .map(p -> policyEntry(p, networkNames::get, destinationNames::get))
                                .toList(),
                        PolicyEntry::name),
                sorted(
                        groups.stream()
                                .map(g -> groupEntry(g, networkNames::get))
                                .toList(),
                        GroupEntry::name));
    }

    /** A stored policy as the file writes it, naming networks and destinations through the given lookups. */
    PolicyEntry policyEntry(
            StoredPolicy policy,
            LongFunction<@Nullable String> networkName,
            LongFunction<@Nullable String> destinationName) {
        var settings = policy.settings();
        return new PolicyEntry(
                settings.name(),
                settings.enabled(),
                names(settings.networkIds(), networkName),
                names(settings.destinationIds(), destinationName),
                List.copyOf(settings.groups()),
                settings.userIds().stream()
                        .map(id -> users.getOrDefault(id, new UserEntry("?", "user #" + id)))
                        .sorted(USER_ORDER)
                        .toList());
    }

    /** A stored group as the file writes it. */
    static GroupEntry groupEntry(StoredGroup group, LongFunction<@Nullable String> networkName) {
        return new GroupEntry(
                group.name(),
                group.endpoint(),
                group.listenPort(),
                group.publicKey(),
                names(group.networkIds(), networkName));
    }

    static final Comparator<UserEntry> USER_ORDER = Comparator.comparing((UserEntry u) -> String.valueOf(u.issuer()))
            .thenComparing(u -> String.valueOf(u.subject()));

    /** Names for ids, sorted as the file sorts references; an id without a name (gone meanwhile) shows as #id. */
    static List<String> names(Collection<Long> ids, LongFunction<@Nullable String> name) {
        return ids.stream()
                .map(id -> {
                    var text = name.apply(id);
                    return text == null ? "#" + id : text;
                })
                .distinct()
                .sorted(BY_NAME)
                .toList();
    }

    private static <E> List<E> sorted(List<E> entries, Function<E, @Nullable String> name) {
        return entries.stream()
                .sorted(Comparator.comparing(e -> String.valueOf(name.apply(e)), BY_NAME))
                .toList();
    }
}
