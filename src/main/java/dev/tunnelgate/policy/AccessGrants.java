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
        // What a device reaches depends only on its owner and network (see explain): a user's 100 devices are
        // evaluated, aggregated and hashed once, not 100 times.
        var representatives = new HashMap<OwnerInNetwork, DeviceRef>();
        devices.forEach(device -> representatives.putIfAbsent(OwnerInNetwork.of(device), device));
        var explained = explain(representatives.values());
        var byOwner = new HashMap<OwnerInNetwork, Grant>();
        representatives.forEach((owner, device) -> {
            Grant grant = Grant.of(explained.getOrDefault(device.deviceId(), List.of()).stream()
                    .map(Granted::rule)
                    .toList());
            if (grant != null) {
                byOwner.put(owner, grant);
            }
        });
        var result = new HashMap<Long, Grant>();
        for (DeviceRef device : devices) {
            Grant grant = byOwner.get(OwnerInNetwork.of(device));
            if (grant != null) {
                result.put(device.deviceId(), grant);
            }
        }
        return result;
    }

    private record OwnerInNetwork(long ownerId, long networkId) {
        static OwnerInNetwork of(DeviceRef device) {
            return new OwnerInNetwork(device.ownerId(), device.networkId());
        }
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
     * function of the device's owner (the user and their groups) and network alone, which {@link #grants} relies on.
     */
    public Map<Long, List<Granted>> explain(Collection<DeviceRef> devices) {
        if (devices.isEmpty()) {
            return Map.of();
        }
        var networkIds = devices.stream().map(DeviceRef::networkId).collect(Collectors.toSet());
        var networks = networks(networkIds);
        var policies = policies(networkIds);
        var groups = groupsOf(devices.stream().map(DeviceRef::ownerId).collect(Collectors.toSet()));
        var result = new HashMap<Long, List<Granted>>();
        for (DeviceRef device : devices) {
            var granted = new ArrayList<Granted>();
            var ofNetwork = policies.getOrDefault(device.networkId(), List.of());
            NetworkRow network = networks.get(device.networkId());
            if (ofNetwork.isEmpty() && network != null && network.open()) {
                granted.add(new Granted(
                        OPEN_NETWORK,
                        "Network without policies",
                        0,
                        "Everything the gateway routes",
                        new AccessRule(AccessProtocol.ANY, List.of(), network.routes())));
            }
            Set<String> ownerGroups = groups.getOrDefault(device.ownerId(), Set.of());
            for (PolicyRow policy : ofNetwork) {
                if (policy.users().contains(device.ownerId())
                        || policy.groups().stream().anyMatch(ownerGroups::contains)) {
                    for (DestinationRow destination : policy.destinations()) {
                        granted.add(new Granted(
                                policy.id(), policy.name(), destination.id(), destination.name(), destination.rule()));
                    }
                }
            }
            result.put(device.deviceId(), List.copyOf(granted));
        }
        return result;
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
