package dev.tunnelgate.configcode;

import dev.tunnelgate.configcode.ConfigFile.DestinationEntry;
import dev.tunnelgate.configcode.ConfigFile.Entry;
import dev.tunnelgate.configcode.ConfigFile.GroupEntry;
import dev.tunnelgate.configcode.ConfigFile.NetworkEntry;
import dev.tunnelgate.configcode.ConfigFile.PolicyEntry;
import dev.tunnelgate.configcode.ConfigFile.UserEntry;
import dev.tunnelgate.configcode.ConfigPlan.Deletion;
import dev.tunnelgate.configcode.ConfigPlan.DestinationStep;
import dev.tunnelgate.configcode.ConfigPlan.GroupStep;
import dev.tunnelgate.configcode.ConfigPlan.NetworkStep;
import dev.tunnelgate.configcode.ConfigPlan.PolicyStep;
import dev.tunnelgate.configcode.ConfigState.StoredDestination;
import dev.tunnelgate.configcode.ConfigState.StoredGroup;
import dev.tunnelgate.configcode.ConfigState.StoredNetwork;
import dev.tunnelgate.configcode.ConfigState.StoredPolicy;
import dev.tunnelgate.gateways.GroupSpec;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.LifecycleSpec;
import dev.tunnelgate.networks.NetworkLifecycle;
import dev.tunnelgate.networks.NetworkSpec;
import dev.tunnelgate.networks.TunnelMode;
import dev.tunnelgate.persistence.UniqueNames;
import dev.tunnelgate.policy.DestinationSpec;
import dev.tunnelgate.policy.PolicySpec;
import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.SafeText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Compares a file with what is stored. Every object the file names is put into canonical form by its feature's own
 * validator (so "10.1.0.0/16 " and "10.1.0.0/16" are the same, and a value the portal would refuse is refused here,
 * naming its place in the file); references are resolved by name (ignoring case, as names are unique); then the
 * canonical objects are compared key by key with the stored ones.
 *
 * <p>Refused here, before anything changes: a file that is not version {@link ConfigFile#SCHEMA_VERSION}, objects
 * without a name or with a name twice, references to names that exist neither in the file nor in the portal, a
 * network in two gateway groups, a network with its own endpoint or key while a group serves it, users that never
 * signed in, and a prune that would delete a destination a remaining policy grants. Rules that need the stored state
 * of other objects (pools of one group overlapping, a name taken meanwhile) are the services' and are checked when
 * the file is applied, which then changes nothing.
 */
final class ConfigPlanner {
    /** As the "New network" form starts. */
    static final int DEFAULT_DEVICES_PER_USER = 5;

    /** As the "New gateway group" form starts. */
    static final int DEFAULT_LISTEN_PORT = 51820;

    private static final int NAME_CHECK_MAX = 200;

    /** Finds the account of a user the file names. */
    interface Users {
        Optional<Long> idOf(String issuer, String subject);
    }

    /** An object of the file under its clean name, with its place in the file. */
    private record Named<E>(FilePath path, String name, E entry) {}

    private final ConfigFile file;
    private final ConfigState state;
    private final Users users;
    private final boolean prune;

    private final Map<String, StoredNetwork> storedNetworks = new HashMap<>();
    private final Map<String, StoredDestination> storedDestinations = new HashMap<>();
    private final Map<String, StoredGroup> storedGroups = new HashMap<>();
    private final Map<String, StoredPolicy> storedPolicies = new HashMap<>();
    /** Keys by id, stored ones and the stand-ins of {@link #networkIds} and {@link #destinationIds}. */
    private final Map<Long, String> networkKeys = new HashMap<>();

    private final Map<Long, String> destinationKeys = new HashMap<>();

    private final Map<String, Named<NetworkEntry>> fileNetworks;
    private final Map<String, Named<DestinationEntry>> fileDestinations;
    private final Map<String, Named<GroupEntry>> fileGroups;
    private final Map<String, Named<PolicyEntry>> filePolicies;

    /** Ids for the validators: stored ones, and a negative stand-in for each object the file creates. */
    private final Map<String, Long> networkIds = new HashMap<>();

    private final Map<String, Long> destinationIds = new HashMap<>();

    /** The network keys that a gateway group serves once the file is applied, and that group's endpoint. */
    private final Map<String, String> servingEndpoint = new HashMap<>();

    private final Map<String, String> servingGroup = new HashMap<>();

    private final List<ConfigChange> changes = new ArrayList<>();
    private final Map<String, Integer> leftAlone = new LinkedHashMap<>();

    private ConfigPlanner(ConfigFile file, ConfigState state, Users users) {
        this.file = file;
        this.state = state;
        this.users = users;
        this.prune = Boolean.TRUE.equals(file.prune());
        var version = file.schemaVersion();
        if (version == null) {
            throw FilePath.ROOT.key("schemaVersion").invalid("is required (%d)".formatted(ConfigFile.SCHEMA_VERSION));
        }
        if (version != ConfigFile.SCHEMA_VERSION) {
            throw FilePath.ROOT
                    .key("schemaVersion")
                    .invalid("this portal reads version %d of the file".formatted(ConfigFile.SCHEMA_VERSION));
        }
        state.networks().forEach(n -> {
            storedNetworks.put(key(n.name()), n);
            networkKeys.put(n.id(), key(n.name()));
            networkIds.put(key(n.name()), n.id());
        });
        state.destinations().forEach(d -> {
            storedDestinations.put(key(d.name()), d);
            destinationKeys.put(d.id(), key(d.name()));
            destinationIds.put(key(d.name()), d.id());
        });
        state.groups().forEach(g -> storedGroups.put(key(g.name()), g));
        state.policies().forEach(p -> storedPolicies.put(key(p.name()), p));
        fileNetworks = index("networks", file.networks());
        fileDestinations = index("destinations", file.destinations());
        fileGroups = index("gatewayGroups", file.gatewayGroups());
        filePolicies = index("policies", file.policies());
        long standIn = -1;
        for (var key : fileNetworks.keySet()) {
            if (!networkIds.containsKey(key)) {
                networkKeys.put(standIn, key);
                networkIds.put(key, standIn--);
            }
        }
        for (var key : fileDestinations.keySet()) {
            if (!destinationIds.containsKey(key)) {
                destinationKeys.put(standIn, key);
                destinationIds.put(key, standIn--);
            }
        }
    }

    /** The plan for this file, or {@link InvalidInputException} naming the place in the file that is refused. */
    static ConfigPlan plan(ConfigFile file, ConfigState state, Users users) {
        return new ConfigPlanner(file, state, users).plan();
    }

    private ConfigPlan plan() {
        // Groups first: whether a gateway group serves a network decides which of its keys the network sets.
        var groupSteps = groups();
        var networkSteps = networks();
        var destinationSteps = destinations();
        var policySteps = policies();
        var policyDeletions = prunedPolicies();
        var destinationDeletions = prunedDestinations(policyDeletions);
        leftAlone.put("networks", count(storedNetworks.keySet(), fileNetworks.keySet(), List.of()));
        leftAlone.put(
                "destinations", count(storedDestinations.keySet(), fileDestinations.keySet(), destinationDeletions));
        leftAlone.put("gatewayGroups", count(storedGroups.keySet(), fileGroups.keySet(), List.of()));
        leftAlone.put("policies", count(storedPolicies.keySet(), filePolicies.keySet(), policyDeletions));
        var storedNetworkIds = new HashMap<String, Long>();
        storedNetworks.forEach((key, n) -> storedNetworkIds.put(key, n.id()));
        var storedDestinationIds = new HashMap<String, Long>();
        storedDestinations.forEach((key, d) -> storedDestinationIds.put(key, d.id()));
        // In the order of the file (and of applying): networks, destinations, gateway groups, policies.
        var kinds = List.of("network", "destination", "gatewayGroup", "policy");
        changes.sort(Comparator.comparingInt(change -> kinds.indexOf(change.kind())));
        return new ConfigPlan(
                new ConfigDiff(changes, leftAlone, prune),
                storedNetworkIds,
                storedDestinationIds,
                networkSteps,
                destinationSteps,
                groupSteps,
                policySteps,
                policyDeletions,
                destinationDeletions);
    }

    private List<GroupStep> groups() {
        var steps = new ArrayList<GroupStep>();
        var claimedAt = new HashMap<String, FilePath>();
        for (var named : sorted(fileGroups)) {
            var entry = named.entry();
            var path = named.path();
            var keys = new LinkedHashSet<String>();
            var items = Objects.requireNonNullElse(entry.networks(), List.<String>of());
            for (int i = 0; i < items.size(); i++) {
                var at = path.key("networks").item(i);
                var key = networkKey(at, items.get(i));
                var other = servingGroup.get(key);
                if (other != null && !other.equals(named.name())) {
                    throw at.invalid(
                            "the network \"%s\" is in the gateway group \"%s\" too; a network has one gateway group"
                                    .formatted(networkNameAfter(key), other));
                }
                keys.add(key);
                servingGroup.put(key, named.name());
                claimedAt.put(key, at);
            }
            var ids = keys.stream().map(networkIds::get).toList();
            var canonical = at(
                    path,
                    () -> new GroupSpec(
                                    named.name(),
                                    Objects.requireNonNullElse(entry.endpoint(), ""),
                                    Objects.requireNonNullElse(entry.listenPort(), DEFAULT_LISTEN_PORT),
                                    ids,
                                    entry.publicKey())
                            .canonical());
            keys.forEach(key -> servingEndpoint.put(key, canonical.endpoint()));
            var stored = storedGroups.get(key(named.name()));
            // A group keeps its public key when the file names none (its gateways report it).
            var publicKey =
                    canonical.publicKey() != null ? canonical.publicKey() : stored == null ? null : stored.publicKey();
            var desired = new GroupEntry(
                    canonical.name(),
                    canonical.endpoint(),
                    canonical.listenPort(),
                    publicKey,
                    ConfigState.names(keys.stream().map(networkIds::get).toList(), this::networkNameAfter));
            var releases =
                    stored != null && stored.networkIds().stream().anyMatch(id -> !keys.contains(networkKeys.get(id)));
            var before = stored == null ? null : ConfigState.groupEntry(stored, this::networkNameAfter);
            if (record("gatewayGroup", before, desired)) {
                steps.add(new GroupStep(
                        path,
                        stored == null ? null : stored.id(),
                        canonical.name(),
                        canonical.endpoint(),
                        canonical.listenPort(),
                        canonical.publicKey(),
                        List.copyOf(keys),
                        releases));
            }
        }
        for (var stored : state.groups()) {
            if (fileGroups.containsKey(key(stored.name()))) {
                continue;
            }
            for (long id : stored.networkIds()) {
                var key = networkKeys.get(id);
                if (key == null) {
                    continue;
                }
                var claimed = claimedAt.get(key);
                if (claimed != null) {
                    throw claimed.conflict(("the gateway group \"%s\", which the file does not name, serves the network"
                                    + " \"%s\"; a network has one gateway group")
                            .formatted(stored.name(), networkNameAfter(key)));
                }
                servingGroup.put(key, stored.name());
                servingEndpoint.put(key, stored.endpoint());
            }
        }
        return steps;
    }

    private List<NetworkStep> networks() {
        var steps = new ArrayList<NetworkStep>();
        var servedNow = state.servingGroups();
        for (var named : sorted(fileNetworks)) {
            var entry = named.entry();
            var path = named.path();
            var key = key(named.name());
            var group = servingGroup.get(key);
            if (group != null) {
                for (var own : List.of("endpoint", "gatewayPublicKey")) {
                    if (entry.fields().get(own) != null) {
                        throw path.key(own)
                                .invalid(("the gateway group \"%s\" serves this network and sets its endpoint and"
                                                + " gateway public key; leave them out")
                                        .formatted(group));
                    }
                }
            }
            var endpoint = group != null ? servingEndpoint.get(key) : entry.endpoint();
            var settings = at(
                    path,
                    () -> new NetworkSpec(
                                    named.name(),
                                    Objects.requireNonNullElse(entry.ipv4Pool(), ""),
                                    entry.ipv6Pool(),
                                    list(entry.gatewayAddresses()),
                                    list(entry.dnsServers()),
                                    Objects.requireNonNullElse(entry.mtu(), NetworkSpec.DEFAULT_MTU),
                                    Objects.requireNonNullElse(
                                            entry.persistentKeepalive(), NetworkSpec.DEFAULT_KEEPALIVE),
                                    Objects.requireNonNullElse(endpoint, ""),
                                    Objects.requireNonNullElse(entry.tunnelMode(), TunnelMode.SPLIT),
                                    list(entry.allowedIps()),
                                    Objects.requireNonNullElse(entry.approvalMode(), ApprovalMode.MANUAL),
                                    list(entry.autoApproveGroups()),
                                    Objects.requireNonNullElse(entry.devicesPerUser(), DEFAULT_DEVICES_PER_USER),
                                    group != null ? null : entry.gatewayPublicKey(),
                                    Objects.requireNonNullElse(entry.openWithoutPolicies(), false))
                            .validate());
            var lifecycleSpec = new LifecycleSpec(
                    entry.expireAfterDays(),
                    entry.staleAfterDays(),
                    entry.rotateAfterDays(),
                    entry.rotationOverlapHours());
            var lifecycle = at(path, lifecycleSpec::validate);
            var desired = NetworkEntry.of(settings, lifecycle, group != null);
            var stored = storedNetworks.get(key);
            var servedBefore = stored != null && servedNow.containsKey(stored.id());
            var before = stored == null ? null : NetworkEntry.of(stored.settings(), stored.lifecycle(), servedBefore);
            if (!record("network", before, desired)) {
                continue;
            }
            var changed = before == null
                    ? Set.<String>of()
                    : differences(before, desired).stream()
                            .map(FieldChange::field)
                            .collect(Collectors.toSet());
            var gatewayOwned = servedBefore || group != null;
            var settingsChanged = changed.stream()
                    .anyMatch(field -> !NetworkEntry.LIFECYCLE.contains(field)
                            && !(gatewayOwned && NetworkEntry.GATEWAY.contains(field)));
            var lifecycleChanged = stored == null
                    ? !lifecycle.equals(NetworkLifecycle.DEFAULT)
                    : changed.stream().anyMatch(NetworkEntry.LIFECYCLE::contains);
            steps.add(new NetworkStep(
                    path,
                    key,
                    stored == null ? null : stored.id(),
                    NetworkSpec.of(settings),
                    LifecycleSpec.of(lifecycle),
                    settingsChanged,
                    lifecycleChanged,
                    servedBefore && group == null));
        }
        return steps;
    }

    private List<DestinationStep> destinations() {
        var steps = new ArrayList<DestinationStep>();
        for (var named : sorted(fileDestinations)) {
            var entry = named.entry();
            var settings = at(
                    named.path(),
                    () -> new DestinationSpec(
                                    named.name(), list(entry.prefixes()), entry.protocol(), list(entry.ports()))
                            .validate());
            var desired = DestinationEntry.of(settings);
            var key = key(named.name());
            var stored = storedDestinations.get(key);
            if (record("destination", stored == null ? null : DestinationEntry.of(stored.settings()), desired)) {
                steps.add(new DestinationStep(
                        named.path(), key, stored == null ? null : stored.id(), DestinationSpec.of(settings)));
            }
        }
        return steps;
    }

    private List<PolicyStep> policies() {
        var steps = new ArrayList<PolicyStep>();
        for (var named : sorted(filePolicies)) {
            var entry = named.entry();
            var path = named.path();
            var networks = new LinkedHashSet<String>();
            var items = list(entry.networks());
            for (int i = 0; i < items.size(); i++) {
                networks.add(networkKey(path.key("networks").item(i), items.get(i)));
            }
            var destinations = new LinkedHashSet<String>();
            items = list(entry.destinations());
            for (int i = 0; i < items.size(); i++) {
                var at = path.key("destinations").item(i);
                var key = destinationKey(at, items.get(i));
                if (prunesDestinations() && !fileDestinations.containsKey(key)) {
                    throw at.invalid(("the destination \"%s\" is not in the file, and prune deletes the destinations"
                                    + " the file does not name")
                            .formatted(destinationNameAfter(key)));
                }
                destinations.add(key);
            }
            var userIds = new HashSet<Long>();
            var userEntries = new ArrayList<UserEntry>();
            var fileUsers = Objects.requireNonNullElse(entry.users(), List.<UserEntry>of());
            for (int i = 0; i < fileUsers.size(); i++) {
                var at = path.key("users").item(i);
                var user = fileUsers.get(i);
                var issuer = at(at, () -> SafeText.clean(user.issuer(), at.key("issuer"), 1, 512));
                var subject = at(at, () -> SafeText.clean(user.subject(), at.key("subject"), 1, 255));
                var id = users.idOf(issuer, subject)
                        .orElseThrow(() -> at.invalid("no user with this issuer and subject has signed in yet"));
                if (userIds.add(id)) {
                    userEntries.add(new UserEntry(issuer, subject));
                }
            }
            var settings = at(
                    path,
                    () -> new PolicySpec(
                                    named.name(),
                                    Objects.requireNonNullElse(entry.enabled(), true),
                                    ids(networks, networkIds),
                                    ids(destinations, destinationIds),
                                    list(entry.groups()),
                                    userIds)
                            .validateFields());
            var desired = new PolicyEntry(
                    settings.name(),
                    settings.enabled(),
                    ConfigState.names(ids(networks, networkIds), this::networkNameAfter),
                    ConfigState.names(ids(destinations, destinationIds), this::destinationNameAfter),
                    List.copyOf(settings.groups()),
                    userEntries.stream().sorted(ConfigState.USER_ORDER).toList());
            var stored = storedPolicies.get(key(named.name()));
            var before = stored == null
                    ? null
                    : state.policyEntry(stored, this::networkNameAfter, this::destinationNameAfter);
            if (record("policy", before, desired)) {
                steps.add(new PolicyStep(
                        path,
                        stored == null ? null : stored.id(),
                        settings.name(),
                        settings.enabled(),
                        List.copyOf(networks),
                        List.copyOf(destinations),
                        List.copyOf(settings.groups()),
                        userIds));
            }
        }
        return steps;
    }

    private List<Deletion> prunedPolicies() {
        if (!prune || file.policies() == null) {
            return List.of();
        }
        var deletions = new ArrayList<Deletion>();
        for (var stored : sortedStored(storedPolicies, filePolicies)) {
            deletions.add(new Deletion(stored.id(), stored.name()));
            record("policy", state.policyEntry(stored, this::networkNameAfter, this::destinationNameAfter), null);
        }
        return deletions;
    }

    private List<Deletion> prunedDestinations(List<Deletion> policyDeletions) {
        if (!prunesDestinations()) {
            return List.of();
        }
        var deletedPolicies = policyDeletions.stream().map(Deletion::id).collect(Collectors.toSet());
        var deletions = new ArrayList<Deletion>();
        for (var stored : sortedStored(storedDestinations, fileDestinations)) {
            for (var policy : state.policies()) {
                var kept = !deletedPolicies.contains(policy.id()) && !filePolicies.containsKey(key(policy.name()));
                if (kept && policy.settings().destinationIds().contains(stored.id())) {
                    throw FilePath.ROOT
                            .key("destinations")
                            .conflict(("prune would delete the destination \"%s\", which the policy \"%s\" grants; the"
                                            + " file does not name that policy")
                                    .formatted(stored.name(), policy.name()));
                }
            }
            deletions.add(new Deletion(stored.id(), stored.name()));
            record("destination", DestinationEntry.of(stored.settings()), null);
        }
        return deletions;
    }

    private boolean prunesDestinations() {
        return prune && file.destinations() != null;
    }

    /**
     * Adds the change from {@code before} (null: the object is created) to {@code after} (null: deleted) to the diff;
     * returns whether there is one.
     */
    private boolean record(String kind, @Nullable Entry before, @Nullable Entry after) {
        if (before == null && after != null) {
            changes.add(new ConfigChange(kind, ConfigChange.CREATE, name(after), all(after, false)));
            return true;
        }
        if (after == null && before != null) {
            changes.add(new ConfigChange(kind, ConfigChange.DELETE, name(before), all(before, true)));
            return true;
        }
        if (before == null || after == null) {
            return false;
        }
        var differences = differences(before, after);
        if (differences.isEmpty()) {
            return false;
        }
        changes.add(new ConfigChange(kind, ConfigChange.UPDATE, name(after), differences));
        return true;
    }

    private static List<FieldChange> differences(Entry before, Entry after) {
        var was = before.fields();
        var differences = new ArrayList<FieldChange>();
        after.fields().forEach((field, value) -> {
            var old = was.get(field);
            if (!Objects.equals(old, value)) {
                differences.add(new FieldChange(field, text(old), text(value)));
            }
        });
        return differences;
    }

    private static List<FieldChange> all(Entry entry, boolean before) {
        var fields = new ArrayList<FieldChange>();
        entry.fields().forEach((field, value) -> {
            if (value != null) {
                fields.add(
                        before ? new FieldChange(field, text(value), null) : new FieldChange(field, null, text(value)));
            }
        });
        return fields;
    }

    /** A value as the diff shows it: lists as [a, b], a user as "subject (issuer)". */
    private static @Nullable String text(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(item -> String.valueOf(text(item))).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> user) {
            return "%s (%s)".formatted(user.get("subject"), user.get("issuer"));
        }
        return String.valueOf(value);
    }

    /** The objects of one kind by key, checking that each has a name and that no name is there twice. */
    private static <E extends Entry> Map<String, Named<E>> index(String kind, @Nullable List<E> entries) {
        var indexed = new LinkedHashMap<String, Named<E>>();
        if (entries == null) {
            return indexed;
        }
        for (int i = 0; i < entries.size(); i++) {
            var path = FilePath.ROOT.key(kind).item(i);
            var entry = entries.get(i);
            var name = at(path, () -> SafeText.clean(entry.name(), path.key("name"), 1, NAME_CHECK_MAX));
            var twin = indexed.putIfAbsent(key(name), new Named<>(path, name, entry));
            if (twin != null) {
                throw path.key("name")
                        .invalid("%s has this name too; names are unique ignoring case"
                                .formatted(twin.path().label()));
            }
        }
        return indexed;
    }

    private String networkKey(FilePath at, String name) {
        var key = key(at(at, () -> SafeText.clean(name, at, 1, NAME_CHECK_MAX)));
        if (!fileNetworks.containsKey(key) && !storedNetworks.containsKey(key)) {
            throw at.invalid("no network is named \"%s\", in the file or in the portal".formatted(name.strip()));
        }
        return key;
    }

    private String destinationKey(FilePath at, String name) {
        var key = key(at(at, () -> SafeText.clean(name, at, 1, NAME_CHECK_MAX)));
        if (!fileDestinations.containsKey(key) && !storedDestinations.containsKey(key)) {
            throw at.invalid("no destination is named \"%s\", in the file or in the portal".formatted(name.strip()));
        }
        return key;
    }

    /** The name a network has once the file is applied, by key or by id. */
    private String networkNameAfter(String key) {
        var named = fileNetworks.get(key);
        if (named != null) {
            return named.name();
        }
        var stored = storedNetworks.get(key);
        return stored == null ? key : stored.name();
    }

    private @Nullable String networkNameAfter(long id) {
        var key = networkKeys.get(id);
        return key == null ? null : networkNameAfter(key);
    }

    private String destinationNameAfter(String key) {
        var named = fileDestinations.get(key);
        if (named != null) {
            return named.name();
        }
        var stored = storedDestinations.get(key);
        return stored == null ? key : stored.name();
    }

    private @Nullable String destinationNameAfter(long id) {
        var key = destinationKeys.get(id);
        return key == null ? null : destinationNameAfter(key);
    }

    private static Set<Long> ids(Set<String> keys, Map<String, Long> ids) {
        return keys.stream().map(ids::get).collect(Collectors.toCollection(TreeSet::new));
    }

    private static <E> List<Named<E>> sorted(Map<String, Named<E>> named) {
        return named.values().stream()
                .sorted((a, b) -> ConfigState.BY_NAME.compare(a.name(), b.name()))
                .toList();
    }

    /** The stored objects the file does not name, by name. */
    private static <S> List<S> sortedStored(Map<String, S> stored, Map<String, ?> inFile) {
        var keys = new ArrayList<>(stored.keySet());
        keys.removeAll(inFile.keySet());
        keys.sort(ConfigState.BY_NAME);
        return keys.stream().map(stored::get).toList();
    }

    private static int count(Set<String> stored, Set<String> inFile, List<Deletion> deleted) {
        var alone = new HashSet<>(stored);
        alone.removeAll(inFile);
        return alone.size() - deleted.size();
    }

    private static String name(Entry entry) {
        return String.valueOf(entry.name());
    }

    private static List<String> list(@Nullable List<String> items) {
        return items == null ? List.of() : items;
    }

    static String key(String name) {
        return UniqueNames.key(name);
    }

    /**
     * Runs a validator of a feature; its refusal gets the place in the file: {@code networks[2].mtu: MTU must be
     * between 1280 and 9000}.
     */
    static <T> T at(FilePath path, Supplier<T> check) {
        try {
            return check.get();
        } catch (InvalidInputException e) {
            throw refusal(path, e);
        }
    }

    /** A service's or validator's refusal, placed in the file. */
    static InvalidInputException refusal(FilePath path, InvalidInputException e) {
        if (e.field() instanceof FilePath) {
            return e;
        }
        var field = e.field();
        var where = field == null ? path : path.key(field.apiName());
        var message = String.valueOf(e.getMessage());
        return e instanceof ConflictException ? where.conflict(message) : where.invalid(message);
    }
}
