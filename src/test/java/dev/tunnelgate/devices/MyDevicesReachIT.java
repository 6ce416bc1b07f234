package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.UI;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.persistence.UniqueNames;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.testing.TestUsers;
import dev.tunnelgate.testing.Views;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;

/** "My devices" lists what each of the user's devices reaches, and only the user's own devices. */
class MyDevicesReachIT extends PortalIntegrationTest {
    @Autowired
    ApplicationContext context;

    @Autowired
    NetworkService networks;

    @Autowired
    DeviceService devices;

    @Autowired
    DeviceReach reach;

    @Autowired
    JdbcTemplate jdbc;

    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    long me;
    long other;
    long laptop;
    long othersLaptop;
    long policy;
    long destination;

    @BeforeEach
    void devicesInAPolicyNetworkAnOpenOneAndAClosedOne() {
        SecurityContextHolder.getContext()
                .setAuthentication(TestLogins.as(1, "Admin", Roles.USER, Roles.ADMIN, Roles.APPROVER));
        int n = ThreadLocalRandom.current().nextInt(100, 190);
        long governed = network(n, "10.0.0.0/8");
        long open = network(n + 1, "10.%d.0.0/16".formatted(n + 1));
        long closed = network(n + 2, "10.%d.0.0/16".formatted(n + 2));
        jdbc.update("update network set open_without_policies = true where id = ?", open);
        me = user("me");
        other = user("other");
        jdbc.update("insert into app_user_group (user_id, group_name) values (?, 'engineering')", me);
        jdbc.update("insert into app_user_group (user_id, group_name) values (?, 'engineering')", other);
        destination = insert(
                "insert into destination (version, name, name_key, prefixes, protocol, ports, created_at)"
                        + " values (0, ?, ?, '198.18.10.0/24', 'TCP', '443,8443', ?)",
                "destination",
                "Wiki " + suffix);
        policy = insert(
                "insert into access_policy (version, name, name_key, enabled, created_at) values (0, ?, ?, true, ?)",
                "access_policy",
                "Engineering " + suffix);
        jdbc.update("insert into access_policy_network (policy_id, network_id) values (?, ?)", policy, governed);
        jdbc.update(
                "insert into access_policy_destination (policy_id, destination_id) values (?, ?)", policy, destination);
        jdbc.update("insert into access_policy_group (policy_id, group_name) values (?, 'engineering')", policy);

        laptop = approved(me, governed, "Laptop");
        approved(me, open, "Phone");
        approved(me, closed, "Tablet");
        as(me, () -> enroll(governed, "Desktop")); // pending
        long old = approved(me, governed, "Old");
        as(me, () -> {
            devices.revoke(old);
            return null;
        });
        othersLaptop = approved(other, governed, "Laptop");

        Views.start(context);
        Views.signIn(TestLogins.as(me, "me", Roles.USER), Roles.USER);
    }

    @AfterEach
    void tearDown() {
        Views.stop();
        jdbc.update("delete from access_policy where id = ?", policy);
        jdbc.update("delete from destination where id = ?", destination);
    }

    @Test
    void each_device_lists_what_it_reaches() {
        UI.getCurrent().navigate(MyDevicesView.class);
        var view = LocatorJ._get(MyDevicesView.class);
        view.showEnded.setValue(true); // the revoked "Old" too, which reaches nothing

        Map<String, String> reaches = IntStream.range(0, GridKt._size(view.grid))
                .boxed()
                .collect(Collectors.toMap(
                        i -> GridKt._get(view.grid, i).name(), i -> GridKt._getFormatted(view.grid, i, "reach")));
        assertThat(reaches)
                .containsOnly(
                        Map.entry("Laptop", "Wiki " + suffix + " (tcp 443, 8443)"),
                        Map.entry("Phone", "Everything the gateway routes"),
                        Map.entry("Tablet", "Nothing yet: ask an admin for access"),
                        Map.entry("Desktop", "Once approved: Wiki " + suffix + " (tcp 443, 8443)"),
                        Map.entry("Old", ""));
    }

    @Test
    void someone_elses_device_is_not_answered() {
        var answer = reach.ofMyDevices(List.of(laptop, othersLaptop));

        assertThat(answer).containsOnlyKeys(laptop);
        assertThat(answer.get(laptop)).hasSize(1);
    }

    private long network(int n, String route) {
        return networks.create(TestNetworks.network(
                "reach-" + suffix + "-" + n,
                "10.%d.0.0/16".formatted(n),
                b -> b.gatewayPublicKey(TestNetworks.newGatewayKey()).split(route)));
    }

    private long user(String name) {
        return TestUsers.insert(jdbc, name + " " + suffix);
    }

    private long insert(String sql, String table, String name) {
        jdbc.update(sql, name, UniqueNames.key(name), Timestamp.from(Instant.now()));
        return jdbc.queryForObject("select id from " + table + " where name = ?", Long.class, name);
    }

    private long enroll(long networkId, String name) {
        return devices.enroll(new EnrollmentRequest(name, Platform.LINUX, networkId, KeyOrigin.SERVER, null))
                .device()
                .id();
    }

    private long approved(long owner, long networkId, String name) {
        long id = as(owner, () -> enroll(networkId, name));
        devices.approve(id);
        return id;
    }

    private <T> T as(long userId, Supplier<T> action) {
        var context = SecurityContextHolder.getContext();
        var previous = context.getAuthentication();
        context.setAuthentication(TestLogins.as(userId, "user " + userId, Roles.USER));
        try {
            return action.get();
        } finally {
            context.setAuthentication(previous);
        }
    }
}
