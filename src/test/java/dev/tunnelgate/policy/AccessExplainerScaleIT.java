package dev.tunnelgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.devices.DeviceService;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.testing.PortalIntegrationTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * "Who can reach this address" over 10,000 active devices of 2,000 users in 50 groups, with 200 policies: one
 * evaluation, not a query per device. Devices are inserted with JDBC (enrolling 10,000 through the service would
 * take minutes and test nothing of the explainer) and deleted afterwards.
 */
class AccessExplainerScaleIT extends PortalIntegrationTest {
    private static final Logger log = LoggerFactory.getLogger(AccessExplainerScaleIT.class);
    private static final int USERS = 2_000;
    private static final int DEVICES_PER_USER = 5;
    private static final int GROUPS = 50;
    private static final int POLICIES = 200;

    @Autowired
    AccessExplainer explainer;

    @Autowired
    NetworkService networks;

    @Autowired
    DeviceService devices;

    @Autowired
    JdbcTemplate jdbc;

    ExplainFixture fx;
    long net;

    @AfterEach
    void cleanUp() {
        jdbc.update("delete from device where network_id = ?", net);
        fx.cleanUp();
    }

    @Test
    void ten_thousand_devices_are_answered_in_one_evaluation() {
        fx = new ExplainFixture(networks, devices, jdbc);
        net = fx.network("10.0.0.0/8");
        var users = new ArrayList<Long>();
        for (int u = 0; u < USERS; u++) {
            users.add(fx.user("scale-" + u));
        }
        var now = Timestamp.from(Instant.now());
        jdbc.batchUpdate(
                "insert into app_user_group (user_id, group_name) values (?, ?)",
                users.stream()
                        .map(u -> new Object[] {u, "group-" + (u % GROUPS)})
                        .toList());
        var rows = new ArrayList<Object[]>();
        for (int u = 0; u < USERS; u++) {
            for (int d = 0; d < DEVICES_PER_USER; d++) {
                int n = u * DEVICES_PER_USER + d;
                var key = (UUID.randomUUID().toString() + UUID.randomUUID())
                                .replace("-", "")
                                .substring(0, 43) + "=";
                rows.add(new Object[] {
                    users.get(u),
                    net,
                    "dev-" + d,
                    "dev-" + d,
                    key,
                    "10.%d.%d.%d".formatted(n / 65536 + 1, n / 256 % 256, n % 256),
                    now,
                    now
                });
            }
        }
        jdbc.batchUpdate(
                "insert into device (version, owner_id, network_id, name, name_key, platform, key_origin, public_key,"
                        + " preshared_key, ipv4_address, status, created_at, key_created_at) values (0, ?, ?, ?, ?,"
                        + " 'LINUX', 'USER', ?, 'sealed', ?, 'ACTIVE', ?, ?)",
                rows);
        // Policy p grants group p % 50 one /24 of its own on tcp 443; one policy for group-7 grants 198.18.7.0/24.
        for (int p = 0; p < POLICIES; p++) {
            long destination = fx.destination("scale-d" + p, "100.64.%d.0/24".formatted(p), "TCP", "443");
            fx.policy("scale-p" + p, true, net, List.of(destination), List.of("group-" + (p % GROUPS)), List.of());
        }
        long target = fx.destination("scale-target", "198.18.7.0/24", "TCP", "443");
        fx.policy("scale-target", true, net, List.of(target), List.of("group-7"), List.of());

        // The first call pays for loading classes and warming up; a portal answers many questions.
        fx.as(fx.admin, () -> explainer.whoReaches("198.18.7.10", null, null), Roles.AUDITOR);
        long started = System.nanoTime();
        var answer =
                fx.as(fx.admin, () -> explainer.whoReaches("198.18.7.10", AccessProtocol.TCP, "443"), Roles.AUDITOR);
        long millis = (System.nanoTime() - started) / 1_000_000;
        log.info("whoReaches over {} devices took {} ms", USERS * DEVICES_PER_USER, millis);

        var expected = users.stream().filter(u -> u % GROUPS == 7).count() * DEVICES_PER_USER;
        assertThat(answer.active().stream().filter(d -> d.networkId() == net)).hasSize((int) expected);
        assertThat(millis).as("whoReaches over 10,000 devices, ms").isLessThan(5_000);
    }
}
