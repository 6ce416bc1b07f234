package dev.tunnelgate.policy;

import dev.tunnelgate.devices.DeviceService;
import dev.tunnelgate.devices.EnrollmentRequest;
import dev.tunnelgate.devices.KeyOrigin;
import dev.tunnelgate.devices.Platform;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.keys.WgKeyPair;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.testing.TestUsers;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What access tests need, through the real services: users, a split-tunnel network with automatic approval (so
 * enrolled devices are active at once), destinations and policies. Names are unique per instance, because all
 * integration tests share one database.
 */
public final class AccessFixture {
    /** Every table a destination or policy change writes, for before-and-after comparisons. */
    static final List<String> TABLES = List.of(
            "destination",
            "access_policy",
            "access_policy_network",
            "access_policy_destination",
            "access_policy_group",
            "access_policy_user",
            "audit_event");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final NetworkService networks;
    private final DeviceService devices;
    private final DestinationService destinations;
    private final PolicyService policies;
    private final JdbcTemplate jdbc;
    public final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger names = new AtomicInteger();
    public final long admin;

    public AccessFixture(
            NetworkService networks,
            DeviceService devices,
            DestinationService destinations,
            PolicyService policies,
            JdbcTemplate jdbc) {
        this.networks = networks;
        this.devices = devices;
        this.destinations = destinations;
        this.policies = policies;
        this.jdbc = jdbc;
        this.admin = user("Access admin");
    }

    public String name(String prefix) {
        return prefix + "-" + suffix + "-" + names.incrementAndGet();
    }

    public long user(String name) {
        return TestUsers.insert(jdbc, name + " " + suffix);
    }

    /** Records groups as a sign-in would have. */
    public void groups(long userId, String... groups) {
        jdbc.update("delete from app_user_group where user_id = ?", userId);
        for (var group : groups) {
            jdbc.update("insert into app_user_group (user_id, group_name) values (?, ?)", userId, group);
        }
    }

    /** A split-tunnel network routing 10.N.0.0/16 (N random in 200..249), devices approved automatically. */
    public long network(boolean openWithoutPolicies) {
        third = ThreadLocalRandom.current().nextInt(200, 250);
        var pool = "10.%d.0.0/16".formatted(third);
        return asAdmin(() -> networks.create(TestNetworks.network(
                name("access-net"),
                pool,
                b -> b.split(pool)
                        .approvalMode(ApprovalMode.AUTOMATIC)
                        .gatewayPublicKey(TestNetworks.newGatewayKey())
                        .openWithoutPolicies(openWithoutPolicies))));
    }

    private int third;

    /** The pool's second octet of the last network created, to build destinations inside it. */
    public int octet() {
        return third;
    }

    public long destination(AccessProtocol protocol, List<String> ports, String... prefixes) {
        return asAdmin(
                () -> destinations.create(new DestinationSpec(name("dest"), Arrays.asList(prefixes), protocol, ports)));
    }

    public long policy(Set<Long> networkIds, Set<Long> destinationIds, List<String> groups, Set<Long> users) {
        return asAdmin(
                () -> policies.create(new PolicySpec(name("policy"), true, networkIds, destinationIds, groups, users)));
    }

    /** An active device of {@code owner} in the network (which approves automatically). */
    public long device(long owner, long networkId) {
        var key = WgKeyPair.generate(RANDOM).publicKey().toBase64();
        return as(
                owner,
                () -> devices.enroll(new EnrollmentRequest(
                                "dev-" + UUID.randomUUID().toString().substring(0, 8),
                                Platform.LINUX,
                                networkId,
                                KeyOrigin.USER,
                                key))
                        .device()
                        .id());
    }

    /** Every row of the access tables (and the audit log), to compare before and after a refused request. */
    public Map<String, List<Map<String, Object>>> tables() {
        var result = new java.util.LinkedHashMap<String, List<Map<String, Object>>>();
        for (var table : TABLES) {
            result.put(table, jdbc.queryForList("select * from " + table + " order by 1, 2"));
        }
        return result;
    }

    public <T> T asAdmin(Supplier<T> action) {
        return as(admin, action, Roles.USER, Roles.ADMIN, Roles.APPROVER);
    }

    public static <T> T as(long userId, Supplier<T> action, String... roles) {
        return TestUsers.as(userId, action, roles);
    }
}
