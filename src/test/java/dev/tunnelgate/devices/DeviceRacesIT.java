package dev.tunnelgate.devices;

import static dev.tunnelgate.testing.Race.assertRefusedLikeOneByOne;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.keys.WgKeyPair;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.Race;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.testing.TestUsers;
import dev.tunnelgate.text.InvalidInputException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * What many requests at once must not break, as five browser windows of one user (or two approvers) would send
 * them: the device limit, names unique ignoring case, one device per public key, and one decision per device.
 * Every loser gets the error it would get one request at a time. Runs on H2 and on PostgreSQL.
 */
class DeviceRacesIT extends PortalIntegrationTest {
    private static final int WINDOWS = 5;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String GATEWAY_KEY =
            WgKeyPair.generate(RANDOM).publicKey().toBase64();

    @Autowired
    DeviceService devices;

    @Autowired
    NetworkService networks;

    @Autowired
    JdbcTemplate jdbc;

    long owner;
    long admin;

    @BeforeEach
    void setUp() {
        owner = user("Racing owner");
        admin = user("Racing admin");
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    private long user(String name) {
        return TestUsers.insert(jdbc, name);
    }

    private long network(ApprovalMode approval, int devicesPerUser) {
        var third = RANDOM.nextInt(200) + 20;
        var spec = TestNetworks.network(
                "race-" + UUID.randomUUID().toString().substring(0, 8),
                "10.78.%d.0/24".formatted(third),
                b -> b.gatewayAddresses("10.78.%d.1".formatted(third))
                        .endpoint("vpn.example.test:51820")
                        .split("10.78.0.0/16")
                        .approvalMode(approval)
                        .devicesPerUser(devicesPerUser)
                        .gatewayPublicKey(GATEWAY_KEY));
        return as(admin, () -> networks.create(spec), Roles.USER, Roles.ADMIN);
    }

    /** Runs {@code action} signed in as {@code userId} on the calling thread (each racing thread signs in itself). */
    private static <T> T as(long userId, Supplier<T> action, String... roles) {
        return TestUsers.as(userId, action, roles);
    }

    private Callable<Enrollment> enrollment(long userId, long network, String name, KeyOrigin keys, String publicKey) {
        return () ->
                as(userId, () -> devices.enroll(new EnrollmentRequest(name, Platform.LINUX, network, keys, publicKey)));
    }

    private Enrollment enroll(long network, String name) {
        return as(
                owner,
                () -> devices.enroll(new EnrollmentRequest(name, Platform.LINUX, network, KeyOrigin.SERVER, null)));
    }

    private int count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Integer.class, args);
    }

    @Test
    void enrollments_at_once_stay_within_the_per_user_limit() {
        long network = network(ApprovalMode.AUTOMATIC, 2);
        var tries = IntStream.range(0, WINDOWS)
                .mapToObj(i -> enrollment(owner, network, "laptop-" + i, KeyOrigin.SERVER, null))
                .toList();

        var outcomes = Race.run(tries);

        assertRefusedLikeOneByOne(outcomes, 2, DeviceField.NETWORK, "limit of 2 devices");
        assertThat(count("select count(*) from device where owner_id = ? and network_id = ?", owner, network))
                .isEqualTo(2);
        assertThat(count("select count(*) from address_lease where network_id = ? and released_at is null", network))
                .isEqualTo(2);
    }

    @Test
    void enrollments_at_once_of_names_that_differ_only_in_case_store_one() {
        long network = network(ApprovalMode.MANUAL, 20);
        var names = List.of("Phone", "phone", "PHONE", "pHone", "phonE");
        var tries = names.stream()
                .map(name -> enrollment(owner, network, name, KeyOrigin.SERVER, null))
                .toList();

        var outcomes = Race.run(tries);

        assertRefusedLikeOneByOne(outcomes, 1, DeviceField.NAME, "You already have a device named");
        assertThat(count("select count(*) from device where owner_id = ? and lower(name) = 'phone'", owner))
                .isEqualTo(1);
    }

    @Test
    void renames_at_once_to_names_that_differ_only_in_case_keep_one_and_the_others_get_the_name_error() {
        long network = network(ApprovalMode.MANUAL, 20);
        var ids = IntStream.range(0, WINDOWS)
                .mapToObj(i -> enroll(network, "tablet-" + i).device().id())
                .toList();
        var names = List.of("Tablet", "tablet", "TABLET", "tAblet", "tablET");
        var tries = new ArrayList<Callable<Object>>();
        for (int i = 0; i < WINDOWS; i++) {
            long id = ids.get(i);
            var name = names.get(i);
            tries.add(() -> as(owner, () -> {
                devices.rename(id, name);
                return name;
            }));
        }

        var errors = errorsLoggedWithStackTrace(() -> {
            var outcomes = Race.run(tries);
            assertRefusedLikeOneByOne(outcomes, 1, DeviceField.NAME, "You already have a device named");
        });

        assertThat(count("select count(*) from device where owner_id = ? and lower(name) = 'tablet'", owner))
                .isEqualTo(1);
        assertThat(errors).isEmpty();
    }

    @Test
    void one_public_key_sent_at_once_by_several_users_is_stored_once_and_the_others_get_the_field_error() {
        long network = network(ApprovalMode.MANUAL, 20);
        var key = WgKeyPair.generate(RANDOM).publicKey().toBase64();
        var tries = new ArrayList<Callable<Enrollment>>();
        for (int i = 0; i < WINDOWS; i++) {
            tries.add(enrollment(user("Key holder " + i), network, "shared-key", KeyOrigin.USER, key));
        }

        var errors = errorsLoggedWithStackTrace(() -> {
            var outcomes = Race.run(tries);
            assertRefusedLikeOneByOne(outcomes, 1, DeviceField.PUBLIC_KEY, "already used by a device");
        });

        assertThat(count("select count(*) from device where public_key = ?", key))
                .isEqualTo(1);
        assertThat(count("select count(*) from address_lease where network_id = ? and released_at is null", network))
                .isEqualTo(1);
        assertThat(errors).isEmpty();
    }

    @Test
    void approvers_deciding_one_device_at_once_make_exactly_one_decision() {
        long network = network(ApprovalMode.MANUAL, 20);
        long first = user("Approver one");
        long second = user("Approver two");
        long third = user("Approver three");
        for (int round = 0; round < 4; round++) {
            long id = enroll(network, "pending-" + round).device().id();
            List<Callable<String>> decisions = List.of(
                    () -> as(
                            first,
                            () -> {
                                devices.approve(id);
                                return "approved";
                            },
                            Roles.USER,
                            Roles.APPROVER),
                    () -> as(
                            second,
                            () -> {
                                devices.approve(id);
                                return "approved";
                            },
                            Roles.USER,
                            Roles.APPROVER),
                    () -> as(
                            third,
                            () -> {
                                devices.reject(id, "Unknown hardware");
                                return "rejected";
                            },
                            Roles.USER,
                            Roles.APPROVER));

            var outcomes = Race.run(decisions);

            assertRefusedLikeOneByOne(outcomes, 1, null, "not pending");
            var decision = outcomes.stream()
                    .filter(Race.Outcome::succeeded)
                    .findFirst()
                    .orElseThrow()
                    .value();
            assertThat(jdbc.queryForObject("select status from device where id = ?", String.class, id))
                    .isEqualTo("approved".equals(decision) ? "ACTIVE" : "REJECTED");
            assertThat(count(
                            "select count(*) from audit_event where target = ? and action in ('device.approved', 'device.rejected')",
                            "device:" + id))
                    .isEqualTo(1);
        }
    }

    @Test
    void a_revocation_while_an_approver_approves_always_goes_through_and_frees_the_addresses() {
        long network = network(ApprovalMode.MANUAL, 20);
        long approver = user("Approver");
        for (int round = 0; round < 4; round++) {
            long id = enroll(network, "revoked-" + round).device().id();
            List<Callable<String>> actions = List.of(
                    () -> as(owner, () -> {
                        devices.revoke(id);
                        return "revoked";
                    }),
                    () -> as(
                            approver,
                            () -> {
                                devices.approve(id);
                                return "approved";
                            },
                            Roles.USER,
                            Roles.APPROVER));

            var outcomes = Race.run(actions);

            assertThat(outcomes.getFirst().succeeded())
                    .as("the owner's revocation: %s", outcomes.getFirst())
                    .isTrue();
            var approval = outcomes.get(1);
            if (!approval.succeeded()) {
                assertThat(approval.error())
                        .isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining("REVOKED, not pending");
            }
            assertThat(jdbc.queryForObject("select status from device where id = ?", String.class, id))
                    .isEqualTo("REVOKED");
            assertThat(count(
                            "select count(*) from address_lease where holder = ? and released_at is null",
                            "device:" + id))
                    .isZero();
        }
    }

    @Test
    void two_revocations_at_once_revoke_once_and_the_other_is_told_so() {
        long network = network(ApprovalMode.AUTOMATIC, 20);
        for (int round = 0; round < 4; round++) {
            long id = enroll(network, "twice-" + round).device().id();
            List<Callable<String>> actions = List.of(
                    () -> as(owner, () -> {
                        devices.revoke(id);
                        return "by owner";
                    }),
                    () -> as(
                            admin,
                            () -> {
                                devices.revoke(id);
                                return "by admin";
                            },
                            Roles.USER,
                            Roles.ADMIN));

            var outcomes = Race.run(actions);

            assertRefusedLikeOneByOne(outcomes, 1, null, "revoked already");
            assertThat(count(
                            "select count(*) from audit_event where target = ? and action = 'device.revoked'",
                            "device:" + id))
                    .isEqualTo(1);
        }
    }

    /** Runs {@code race} and returns what was logged at ERROR with a stack trace meanwhile (a lost race must not be). */
    private static List<ILoggingEvent> errorsLoggedWithStackTrace(Runnable race) {
        var root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        root.addAppender(appender);
        try {
            race.run();
        } finally {
            root.detachAppender(appender);
        }
        synchronized (appender) {
            return appender.list.stream()
                    .filter(e -> e.getLevel() == Level.ERROR && e.getThrowableProxy() != null)
                    .toList();
        }
    }
}
