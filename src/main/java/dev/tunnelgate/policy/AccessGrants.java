package dev.tunnelgate.policy;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.protocol.AccessRule;
import dev.tunnelgate.protocol.Grant;
import dev.tunnelgate.protocol.PortRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decides what each device may reach: every destination of every enabled policy of the device's network that names
 * the device's owner or one of the owner's groups (as recorded at the owner's last sign-in). A network whose setting
 * "without policies, devices reach everything the gateway routes" is on, and that no enabled policy applies to,
 * grants every device its routes (the network's split-tunnel prefixes, or everything for a full tunnel).
 *
 * <p>It reads with JDBC, in the caller's transaction when there is one: what that transaction changed through JPA
 * must be flushed first. It checks no user; callers authorize.
 */
@Component
@Transactional(readOnly = true)
public class AccessGrants {
    /** The policy id of the implicit grant of an open network without policies. */
    public static final long OPEN_NETWORK = 0;

    private final NamedParameterJdbcTemplate jdbc;

    AccessGrants(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One destination a device reaches, and the policy that grants it. */
    public record Granted(
            long policyId, String policyName, long destinationId, String destinationName, AccessRule rule) {
        public boolean openNetwork() {
            return policyId == OPEN_NETWORK;
        }
    }

    /** A device as the evaluation needs it. */
    public record DeviceRef(long deviceId, long ownerId, long networkId) {}

    /** Every active device of these networks with its grant, by device id; devices that reach nothing are absent. */
    public Map<Long, Grant> activeDevices(Collection<Long> networkIds) {
        if (networkIds.isEmpty()) {
            return Map.of();
        }
        var devices = jdbc.query(
                "select id, owner_id, network_id from device where status = 'ACTIVE' and network_id in (:networks)",
                new MapSqlParameterSource("networks", networkIds),
                (rs, row) -> new DeviceRef(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
        return grants(devices);
    }

    /** The grants of these devices, whatever their status, by device id; devices that reach nothing are absent. */
    public Map<Long, Grant> grants(Collection<DeviceRef> devices) {
        var result = new HashMap<Long, Grant>();
        evaluate(devices).forEach((id, access) -> {
            Grant grant = access.grant();
            if (grant != null) {
                result.put(id, grant);
            }
        });
        return result;
    }

    /** What one device may reach (null: nothing), whatever its status. */
    public @Nullable Grant grant(long deviceId) {
        return Grant.of(explain(deviceId).stream().map(Granted::rule).toList());
    }

    /** What one device may reach and which policy grants each destination; empty for an unknown device. */
    public List<Granted> explain(long deviceId) {
        var device = jdbc.query(
                "select id, owner_id, network_id from device where id = :id",
                new MapSqlParameterSource("id", deviceId),
                (rs, row) -> new DeviceRef(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
        return device.isEmpty() ? List.of() : explain(device).getOrDefault(deviceId, List.of());
    }

    /**
     * For each device, what it may reach and which policy grants it (devices that reach nothing map to empty): a
     * function of the device's owner (the user and their groups) and network alone.
     */
    public Map<Long, List<Granted>> explain(Collection<DeviceRef> devices) {
        var result = new HashMap<Long, List<Granted>>();
        evaluate(devices).forEach((id, access) -> result.put(id, access.granted));
        return result;
    }

    /**
     * What each device gets. Devices whose owners match the same policies of the same network share one
     * {@link Access} (and so one {@link Grant}, built once): with 10,000 devices there are a few hundred.
     */
    private Map<Long, Access> evaluate(Collection<DeviceRef> devices) {
        if (devices.isEmpty()) {
            return Map.of();
        }
        var networkIds = devices.stream().map(DeviceRef::networkId).collect(Collectors.toSet());
        var networks = networks(networkIds);
        var indexes = new HashMap<Long, PolicyIndex>();
        policies(networkIds).forEach((network, policies) -> indexes.put(network, new PolicyIndex(policies)));
        var groups = groupsOf(devices.stream().map(DeviceRef::ownerId).collect(Collectors.toSet()));
        var byOwner = new HashMap<List<Long>, Access>();
        var shared = new HashMap<List<Long>, Access>();
        var result = new HashMap<Long, Access>();
        for (DeviceRef device : devices) {
            var access = byOwner.computeIfAbsent(List.of(device.networkId(), device.ownerId()), k -> {
                var index = indexes.get(device.networkId());
                var matched = index == null
                        ? List.<PolicyRow>of()
                        : index.matching(device.ownerId(), groups.getOrDefault(device.ownerId(), Set.of()));
                var key = new ArrayList<Long>();
                key.add(device.networkId());
                matched.forEach(policy -> key.add(policy.id()));
                return shared.computeIfAbsent(
                        key, unused -> new Access(granted(networks.get(device.networkId()), index, matched)));
            });
            result.put(device.deviceId(), access);
        }
        return result;
    }

    private static List<Granted> granted(
            @Nullable NetworkRow network, @Nullable PolicyIndex index, List<PolicyRow> matched) {
        var granted = new ArrayList<Granted>();
        if (index == null && network != null && network.open()) {
            granted.add(new Granted(
                    OPEN_NETWORK,
                    "Network without policies",
                    0,
                    "Everything the gateway routes",
                    new AccessRule(AccessProtocol.ANY, List.of(), network.routes())));
        }
        for (PolicyRow policy : matched) {
            for (DestinationRow destination : policy.destinations()) {
                granted.add(new Granted(
                        policy.id(), policy.name(), destination.id(), destination.name(), destination.rule()));
            }
        }
        return List.copyOf(granted);
    }

    /** What some devices reach, and the grant of it, built when first asked for. */
    private static final class Access {
        final List<Granted> granted;
        private @Nullable Grant grant;
        private boolean built;

        Access(List<Granted> granted) {
            this.granted = granted;
        }

        @Nullable
        Grant grant() {
            if (!built) {
                grant = Grant.of(granted.stream().map(Granted::rule).toList());
                built = true;
            }
            return grant;
        }
    }

    /** The enabled policies of one network, by the users and groups they name. */
    private static final class PolicyIndex {
        private final Map<Long, List<PolicyRow>> byUser = new HashMap<>();
        private final Map<String, List<PolicyRow>> byGroup = new HashMap<>();

        PolicyIndex(List<PolicyRow> policies) {
            for (PolicyRow policy : policies) {
                policy.users()
                        .forEach(user -> byUser.computeIfAbsent(user, k -> new ArrayList<>())
                                .add(policy));
                policy.groups()
                        .forEach(group -> byGroup.computeIfAbsent(group, k -> new ArrayList<>())
                                .add(policy));
            }
        }

        /** The policies naming this user or one of these groups, in id order. */
        List<PolicyRow> matching(long userId, Set<String> groups) {
            var matched = new java.util.TreeMap<Long, PolicyRow>();
            byUser.getOrDefault(userId, List.of()).forEach(p -> matched.put(p.id(), p));
            for (String group : groups) {
                byGroup.getOrDefault(group, List.of()).forEach(p -> matched.put(p.id(), p));
            }
            return List.copyOf(matched.values());
        }
    }

    private record NetworkRow(boolean open, List<IpPrefix> routes) {}

    private record DestinationRow(long id, String name, AccessRule rule) {}

    private record PolicyRow(
            long id, String name, Set<String> groups, Set<Long> users, List<DestinationRow> destinations) {}

    private Map<Long, NetworkRow> networks(Set<Long> networkIds) {
        var result = new HashMap<Long, NetworkRow>();
        jdbc.query(
                "select id, open_without_policies, tunnel_mode, allowed_ips from network where id in (:networks)",
                new MapSqlParameterSource("networks", networkIds),
                rs -> {
                    List<IpPrefix> routes = "FULL".equals(rs.getString(3))
                            ? List.of(IpPrefix.ALL_IPV4, IpPrefix.ALL_IPV6)
                            : split(rs.getString(4)).stream()
                                    .map(IpPrefix::parse)
                                    .map(IpPrefix::network)
                                    .toList();
                    result.put(rs.getLong(1), new NetworkRow(rs.getBoolean(2) && !routes.isEmpty(), routes));
                });
        return result;
    }

    /** Enabled policies by network, in id order, each with its subjects and destinations. */
    private Map<Long, List<PolicyRow>> policies(Set<Long> networkIds) {
        var params = new MapSqlParameterSource("networks", networkIds);
        var byNetwork = new LinkedHashMap<Long, List<Long>>();
        var names = new HashMap<Long, String>();
        jdbc.query(
                "select pn.network_id, p.id, p.name from access_policy p"
                        + " join access_policy_network pn on pn.policy_id = p.id"
                        + " where p.enabled = true and pn.network_id in (:networks) order by p.id",
                params,
                rs -> {
                    byNetwork
                            .computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(rs.getLong(2));
                    names.put(rs.getLong(2), rs.getString(3));
                });
        if (names.isEmpty()) {
            return Map.of();
        }
        var ids = new MapSqlParameterSource("policies", names.keySet());
        var groups = new HashMap<Long, Set<String>>();
        jdbc.query("select policy_id, group_name from access_policy_group where policy_id in (:policies)", ids, rs -> {
            groups.computeIfAbsent(rs.getLong(1), k -> new HashSet<>()).add(rs.getString(2));
        });
        var users = new HashMap<Long, Set<Long>>();
        jdbc.query("select policy_id, user_id from access_policy_user where policy_id in (:policies)", ids, rs -> {
            users.computeIfAbsent(rs.getLong(1), k -> new HashSet<>()).add(rs.getLong(2));
        });
        var destinations = new HashMap<Long, List<DestinationRow>>();
        jdbc.query(
                "select pd.policy_id, d.id, d.name, d.protocol, d.ports, d.prefixes from access_policy_destination pd"
                        + " join destination d on d.id = pd.destination_id where pd.policy_id in (:policies)"
                        + " order by d.id",
                ids,
                rs -> {
                    var rule = new AccessRule(
                            AccessProtocol.valueOf(rs.getString(4)),
                            split(rs.getString(5)).stream()
                                    .map(PortRange::parse)
                                    .toList(),
                            split(rs.getString(6)).stream()
                                    .map(IpPrefix::parseNetwork)
                                    .toList());
                    destinations
                            .computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new DestinationRow(rs.getLong(2), rs.getString(3), rule));
                });
        var result = new HashMap<Long, List<PolicyRow>>();
        byNetwork.forEach((network, policyIds) -> result.put(
                network,
                policyIds.stream()
                        .map(id -> new PolicyRow(
                                id,
                                java.util.Objects.requireNonNull(names.get(id)),
                                groups.getOrDefault(id, Set.of()),
                                users.getOrDefault(id, Set.of()),
                                destinations.getOrDefault(id, List.of())))
                        .toList()));
        return result;
    }

    /** The groups of each user at their last sign-in. */
    private Map<Long, Set<String>> groupsOf(Set<Long> userIds) {
        var result = new HashMap<Long, Set<String>>();
        var all = List.copyOf(userIds);
        for (int from = 0; from < all.size(); from += 1000) {
            jdbc.query(
                    "select user_id, group_name from app_user_group where user_id in (:users)",
                    new MapSqlParameterSource("users", all.subList(from, Math.min(all.size(), from + 1000))),
                    rs -> {
                        result.computeIfAbsent(rs.getLong(1), k -> new HashSet<>())
                                .add(rs.getString(2));
                    });
        }
        return result;
    }

    private static List<String> split(@Nullable String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split(","));
    }
}
