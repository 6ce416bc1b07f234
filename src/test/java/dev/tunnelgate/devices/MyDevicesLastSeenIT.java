package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.UI;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestClock;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.testing.TestUsers;
import dev.tunnelgate.testing.Views;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;

/** "My devices" says when and through which gateway member each device was last seen, by the portal's clock. */
class MyDevicesLastSeenIT extends PortalIntegrationTest {
    @Autowired
    ApplicationContext context;

    @Autowired
    NetworkService networks;

    @Autowired
    DeviceService devices;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TestClock clock;

    @AfterEach
    void tearDown() {
        Views.stop();
        clock.reset();
    }

    @Test
    void each_device_reads_connected_last_seen_or_never_connected() {
        SecurityContextHolder.getContext().setAuthentication(TestLogins.as(1, "Admin", Roles.USER, Roles.ADMIN));
        long network = networks.create(TestNetworks.network(
                "seen-" + UUID.randomUUID().toString().substring(0, 6),
                "10.97.0.0/24",
                b -> b.gatewayPublicKey(TestNetworks.newGatewayKey())));
        long userId = TestUsers.insert(jdbc, "Seen User");
        Views.start(context);
        Views.signIn(TestLogins.as(userId, "Seen User", Roles.USER), Roles.USER);
        long phone = enroll("Phone", network);
        long laptop = enroll("Laptop", network);
        enroll("Tablet", network);
        // The status reports write these columns; here the test does, to fix the times.
        var now = clock.instant();
        seen(phone, now.minus(Duration.ofSeconds(90)), "gw-a");
        seen(laptop, now.minus(Duration.ofDays(3)), "gw-b");

        UI.getCurrent().navigate(MyDevicesView.class);
        var grid = LocatorJ._get(MyDevicesView.class).grid;

        assertThat(lastSeen(grid, "Phone")).isEqualTo("connected 1 min ago via gw-a");
        assertThat(lastSeen(grid, "Laptop")).isEqualTo("last seen 3 days ago via gw-b");
        assertThat(lastSeen(grid, "Tablet")).isEqualTo("never connected");
        clock.advance(Duration.ofMinutes(5));
        grid.getDataProvider().refreshAll();
        assertThat(lastSeen(grid, "Phone")).isEqualTo("last seen 6 min ago via gw-a");
    }

    private long enroll(String name, long network) {
        return devices.enroll(new EnrollmentRequest(name, Platform.LINUX, network, KeyOrigin.SERVER, null))
                .device()
                .id();
    }

    private void seen(long deviceId, java.time.Instant at, String member) {
        jdbc.update(
                "update device set last_handshake_at = ?, last_handshake_member = ? where id = ?",
                Timestamp.from(at),
                member,
                deviceId);
    }

    private static String lastSeen(com.vaadin.flow.component.grid.Grid<DeviceRow> grid, String name) {
        return GridKt._getFormatted(grid, GridRows.names(grid).indexOf(name), "last-seen");
    }
}
