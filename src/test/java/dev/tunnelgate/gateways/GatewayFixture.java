package dev.tunnelgate.gateways;

import dev.tunnelgate.devices.DeviceService;
import dev.tunnelgate.devices.Enrollment;
import dev.tunnelgate.devices.EnrollmentRequest;
import dev.tunnelgate.devices.KeyOrigin;
import dev.tunnelgate.devices.MyDevicesView;
import dev.tunnelgate.devices.Platform;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.keys.WgKeyPair;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.testing.TestUsers;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Builds what gateway tests need through the real services: users, a network with its own pool, a gateway group
 * serving it, members with credentials, and enrolled devices. Each instance uses unique names, because all
 * integration tests share one database.
 */
public final class GatewayFixture {
    public static final SecureRandom RANDOM = new SecureRandom();

    private final NetworkService networks;
    private final GatewayService gateways;
    private final DeviceService devices;
    private final JdbcTemplate jdbc;
    public final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger names = new AtomicInteger();
    public final long admin;
    public final long owner;

    public GatewayFixture(NetworkService networks, GatewayService gateways, DeviceService devices, JdbcTemplate jdbc) {
        this.networks = networks;
        this.gateways = gateways;
        this.devices = devices;
        this.jdbc = jdbc;
        this.admin = user("Gateway admin " + suffix);
        this.owner = user("Device owner " + suffix);
    }

    public long user(String name) {
        return TestUsers.insert(jdbc, name);
    }

    /** A network 10.N.0.0/16 with gateway 10.N.0.1 (N random in 100..199) and fd00:N::/64. */
    public long network(ApprovalMode approval, int devicesPerUser) {
        int n = ThreadLocalRandom.current().nextInt(100, 200);
        var spec = TestNetworks.network(
                "net-" + suffix + "-" + names.incrementAndGet(),
                "10.%d.0.0/16".formatted(n),
                b -> b.ipv6Pool("fd00:%d::/64".formatted(n))
                        .gatewayAddresses("10.%d.0.1".formatted(n), "fd00:%d::1".formatted(n))
                        .persistentKeepalive(0)
                        .split("10.%d.0.0/16".formatted(n), "fd00:%d::/64".formatted(n))
                        .approvalMode(approval)
                        .devicesPerUser(devicesPerUser));
        return asAdmin(() -> networks.create(spec));
    }

    /** A group whose public key is still unknown: its first reporting member sets it. */
    public long group(String endpoint, int listenPort, long... networkIds) {
        return group(null, endpoint, listenPort, networkIds);
    }

    public long group(String publicKey, String endpoint, int listenPort, long... networkIds) {
        var ids = java.util.Arrays.stream(networkIds).boxed().toList();
        return asAdmin(() -> gateways.createGroup(new GroupSpec(
                "group-" + suffix + "-" + names.incrementAndGet(), endpoint, listenPort, ids, publicKey)));
    }

    public IssuedCredential member(long groupId, String name) {
        return asAdmin(() -> gateways.addMember(groupId, name));
    }

    /** Enrolls a device of {@link #owner} with its own key pair; returns the enrollment and the private key. */
    public Enrolled enroll(long networkId) {
        return enroll(owner, networkId);
    }

    /** Enrolls a device of this user with its own key pair. */
    public Enrolled enroll(long ownerId, long networkId) {
        var keys = WgKeyPair.generate(RANDOM);
        var enrollment = as(
                ownerId,
                () -> devices.enroll(new EnrollmentRequest(
                        "dev-" + UUID.randomUUID().toString().substring(0, 8),
                        Platform.LINUX,
                        networkId,
                        KeyOrigin.USER,
                        keys.publicKey().toBase64())));
        return new Enrolled(enrollment, keys);
    }

    public record Enrolled(Enrollment enrollment, WgKeyPair keys) {
        public long id() {
            return enrollment.device().id();
        }

        public String publicKey() {
            return enrollment.device().publicKey();
        }
    }

    public void approve(long deviceId) {
        asAdmin(() -> {
            devices.approve(deviceId);
            return null;
        });
    }

    public void revoke(long deviceId) {
        revoke(owner, deviceId);
    }

    /** The device's owner revokes it. */
    public void revoke(long ownerId, long deviceId) {
        as(ownerId, () -> {
            devices.revoke(deviceId);
            return null;
        });
    }

    /** The owner's device's delivery, as the "Gateways" column of My devices words it. */
    public String delivery(long deviceId) {
        var rows = as(owner, () -> devices.myDevices(PageRequest.of(0, 100)));
        var row = rows.stream().filter(d -> d.id() == deviceId).findFirst().orElseThrow();
        return MyDevicesView.deliveryText(row.delivery());
    }

    public <T> T asAdmin(Supplier<T> action) {
        return as(admin, action, Roles.USER, Roles.ADMIN, Roles.APPROVER);
    }

    public <T> T as(long userId, Supplier<T> action, String... roles) {
        return TestUsers.as(userId, action, roles);
    }
}
