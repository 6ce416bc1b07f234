package dev.tunnelgate.devices;

import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.testing.TestUsers;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Devices for the fleet tests, written straight into the tables (status, times and handshakes as a test needs them):
 * users with e-mail addresses, a network of their own per fixture, and devices with fresh random keys.
 */
final class FleetFixture {
    private static final SecureRandom RANDOM = new SecureRandom();

    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final JdbcTemplate jdbc;
    private int addresses;

    FleetFixture(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A user named {@code name + suffix} with the e-mail {@code email} (null: none). */
    long user(String name, @Nullable String email) {
        var subject = UUID.randomUUID().toString();
        jdbc.update(
                "insert into app_user (version, issuer, subject, display_name, email, roles, created_at, last_login_at)"
                        + " values (0, 'https://idp.test', ?, ?, ?, '[USER]', ?, ?)",
                subject,
                name,
                email,
                Timestamp.from(Instant.now()),
                Timestamp.from(Instant.now()));
        var id = Objects.requireNonNull(
                jdbc.queryForObject("select id from app_user where subject = ?", Long.class, subject));
        return id;
    }

    /** A network of this fixture, created through the service as an admin. */
    long network(NetworkService service, String name) {
        var third = RANDOM.nextInt(200) + 20;
        long admin = TestUsers.insert(jdbc, "Fleet admin");
        var id = TestUsers.as(
                admin,
                () -> service.create(TestNetworks.network(
                        name + "-" + suffix,
                        "10.%d.0.0/16".formatted(third),
                        b -> b.gatewayAddresses("10.%d.0.1".formatted(third)).devicesPerUser(100))),
                Roles.USER,
                Roles.ADMIN);
        return id;
    }

    /** A device as the tables hold it; returns its id. */
    long device(Device spec) {
        var n = ++addresses;
        jdbc.update(
                "insert into device (version, owner_id, network_id, name, name_key, platform, key_origin, public_key,"
                        + " preshared_key, ipv4_address, status, created_at, decided_at, key_created_at, expires_at,"
                        + " last_handshake_at, last_handshake_member, revoked_by, revoke_reason)"
                        + " values (0, ?, ?, ?, ?, 'LINUX', ?, ?, 'v1:none', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                spec.owner,
                spec.network,
                spec.name,
                spec.name.toLowerCase(java.util.Locale.ROOT),
                spec.origin.name(),
                randomKey(),
                "10.250.%d.%d".formatted(n / 250, n % 250 + 1),
                spec.status.name(),
                Timestamp.from(spec.created),
                spec.status == DeviceStatus.PENDING ? null : Timestamp.from(spec.created),
                Timestamp.from(spec.created),
                spec.expires == null ? null : Timestamp.from(spec.expires),
                spec.handshake == null ? null : Timestamp.from(spec.handshake),
                spec.handshake == null ? null : "gw-a",
                spec.status == DeviceStatus.REVOKED ? "someone" : null,
                spec.status == DeviceStatus.REVOKED ? "earlier" : null);
        return Objects.requireNonNull(jdbc.queryForObject(
                "select id from device where owner_id = ? and name = ?", Long.class, spec.owner, spec.name));
    }

    static Device spec(long owner, long network, String name) {
        return new Device(owner, network, name, DeviceStatus.ACTIVE, KeyOrigin.USER, Instant.now(), null, null);
    }

    /** What {@link #device} inserts; change one field at a time with the withers. */
    record Device(
            long owner,
            long network,
            String name,
            DeviceStatus status,
            KeyOrigin origin,
            Instant created,
            @Nullable Instant handshake,
            @Nullable Instant expires) {
        Device status(DeviceStatus value) {
            return new Device(owner, network, name, value, origin, created, handshake, expires);
        }

        Device origin(KeyOrigin value) {
            return new Device(owner, network, name, status, value, created, handshake, expires);
        }

        Device created(Instant value) {
            return new Device(owner, network, name, status, origin, value, handshake, expires);
        }

        Device handshake(@Nullable Instant value) {
            return new Device(owner, network, name, status, origin, created, value, expires);
        }

        Device expires(@Nullable Instant value) {
            return new Device(owner, network, name, status, origin, created, handshake, value);
        }
    }

    static String randomKey() {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
