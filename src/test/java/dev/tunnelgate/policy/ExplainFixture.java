package dev.tunnelgate.policy;

import dev.tunnelgate.devices.DeviceService;
import dev.tunnelgate.devices.EnrollmentRequest;
import dev.tunnelgate.devices.KeyOrigin;
import dev.tunnelgate.devices.Platform;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.networks.NetworkSpec;
import dev.tunnelgate.persistence.UniqueNames;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.testing.TestUsers;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Users, networks and devices through the real services; destinations, policies and users' groups with JDBC (their
 * services live elsewhere). Names are unique per instance because all integration tests share one database; the
 * policies and destinations it made are deleted by {@link #cleanUp}, so other tests see none of them.
 */
final class ExplainFixture {
    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final long admin;
    private final NetworkService networks;
    private final DeviceService devices;
    private final JdbcTemplate jdbc;
    private final List<Long> policies = new ArrayList<>();
    private final List<Long> destinations = new ArrayList<>();
    private final Map<Long, NetworkSpec> specs = new HashMap<>();
    // Our networks never overlap each other, so one gateway group may serve them all.
    private final int base = ThreadLocalRandom.current().nextInt(100, 190);

    ExplainFixture(NetworkService networks, DeviceService devices, JdbcTemplate jdbc) {
        this.networks = networks;
        this.devices = devices;
        this.jdbc = jdbc;
        this.admin = user("Access admin");
    }

    long user(String name) {
        return TestUsers.insert(jdbc, name + " " + suffix);
    }

    String name(long userId) {
        return jdbc.queryForObject("select display_name from app_user where id = ?", String.class, userId);
    }

    /** The groups of the user's last sign-in, as the sign-in records them. */
    void groups(long userId, String... groups) {
        for (var group : groups) {
            jdbc.update("insert into app_user_group (user_id, group_name) values (?, ?)", userId, group);
        }
    }

    /** A split-tunnel network 10.N.0.0/16 and fd00:N::/64 (N new for each) routing {@code routes}, manual approval. */
    long network(String... routes) {
        int n = base + specs.size();
        var spec = TestNetworks.network(
                "acc-" + suffix + "-" + specs.size(),
                "10.%d.0.0/16".formatted(n),
                b -> b.ipv6Pool("fd00:%d::/64".formatted(n))
                        .gatewayAddresses("10.%d.0.1".formatted(n))
                        .gatewayPublicKey(TestNetworks.newGatewayKey())
                        .split(routes));
        long id = asAdmin(() -> networks.create(spec));
        specs.put(id, spec);
        return id;
    }

    NetworkSpec spec(long networkId) {
        return specs.get(networkId);
    }

    /** "Without policies, devices reach everything the gateway routes" on (as for networks from before V8). */
    void open(long networkId) {
        jdbc.update("update network set open_without_policies = true where id = ?", networkId);
    }

    long pendingDevice(long ownerId, long networkId, String name) {
        return as(
                ownerId,
                () -> devices.enroll(new EnrollmentRequest(name, Platform.LINUX, networkId, KeyOrigin.SERVER, null))
                        .device()
                        .id(),
                Roles.USER);
    }

    long device(long ownerId, long networkId, String name) {
        long id = pendingDevice(ownerId, networkId, name);
        asAdmin(() -> {
            devices.approve(id);
            return null;
        });
        return id;
    }

    void revoke(long ownerId, long deviceId) {
        as(
                ownerId,
                () -> {
                    devices.revoke(deviceId);
                    return null;
                },
                Roles.USER);
    }

    /** A destination; {@code ports} as stored: canonical ranges, comma-separated, empty unless tcp or udp. */
    long destination(String name, String prefixes, String protocol, String ports) {
        var unique = name + " " + suffix;
        jdbc.update(
                "insert into destination (version, name, name_key, prefixes, protocol, ports, created_at)"
                        + " values (0, ?, ?, ?, ?, ?, ?)",
                unique,
                UniqueNames.key(unique),
                prefixes,
                protocol,
                ports,
                Timestamp.from(Instant.now()));
        long id = jdbc.queryForObject("select id from destination where name = ?", Long.class, unique);
        destinations.add(id);
        return id;
    }

    String destinationName(String name) {
        return name + " " + suffix;
    }

    String policyName(String name) {
        return name + " " + suffix;
    }

    /** A policy of one network granting destinations to groups and users. */
    long policy(
            String name,
            boolean enabled,
            long networkId,
            List<Long> destinationIds,
            List<String> groups,
            List<Long> users) {
        var unique = policyName(name);
        jdbc.update(
                "insert into access_policy (version, name, name_key, enabled, created_at) values (0, ?, ?, ?, ?)",
                unique,
                UniqueNames.key(unique),
                enabled,
                Timestamp.from(Instant.now()));
        long id = jdbc.queryForObject("select id from access_policy where name = ?", Long.class, unique);
        policies.add(id);
        jdbc.update("insert into access_policy_network (policy_id, network_id) values (?, ?)", id, networkId);
        destinationIds.forEach(d ->
                jdbc.update("insert into access_policy_destination (policy_id, destination_id) values (?, ?)", id, d));
        groups.forEach(
                g -> jdbc.update("insert into access_policy_group (policy_id, group_name) values (?, ?)", id, g));
        users.forEach(u -> jdbc.update("insert into access_policy_user (policy_id, user_id) values (?, ?)", id, u));
        return id;
    }

    void cleanUp() {
        policies.forEach(id -> jdbc.update("delete from access_policy where id = ?", id));
        destinations.forEach(id -> jdbc.update("delete from destination where id = ?", id));
    }

    <T> T asAdmin(Supplier<T> action) {
        return as(admin, action, Roles.USER, Roles.ADMIN, Roles.APPROVER);
    }

    <T> T as(long userId, Supplier<T> action, String... roles) {
        var context = SecurityContextHolder.getContext();
        var previous = context.getAuthentication();
        context.setAuthentication(TestLogins.as(userId, "user " + userId, Set.of(), roles));
        try {
            return action.get();
        } finally {
            context.setAuthentication(previous);
        }
    }
}
