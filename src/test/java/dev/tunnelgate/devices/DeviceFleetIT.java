package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestClock;
import dev.tunnelgate.testing.TestUsers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authorization.AuthorizationDeniedException;

/** The Devices view's queries as the view calls them: each filter, sorting, paging, the export, and who may ask. */
class DeviceFleetIT extends PortalIntegrationTest {
    @Autowired
    DeviceFleet fleet;

    @Autowired
    NetworkService networks;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TestClock clock;

    FleetFixture fx;
    long admin;
    long auditor;
    long employee;
    long network;
    long otherNetwork;
    long erin;
    long frank;
    Instant now;

    @BeforeEach
    void setUp() {
        fx = new FleetFixture(jdbc);
        admin = TestUsers.insert(jdbc, "Fleet admin");
        auditor = TestUsers.insert(jdbc, "Fleet auditor");
        employee = TestUsers.insert(jdbc, "Fleet employee");
        network = fx.network(networks, "fleet");
        otherNetwork = fx.network(networks, "fleet-other");
        erin = fx.user("Erin " + fx.suffix, "erin." + fx.suffix + "@example.com");
        frank = fx.user("Frank " + fx.suffix, "frank@corp-" + fx.suffix + ".test");
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private <T> T asAdmin(Supplier<T> action) {
        return TestUsers.as(admin, action, Roles.USER, Roles.ADMIN, Roles.APPROVER, Roles.AUDITOR);
    }

    private <T> T asAuditor(Supplier<T> action) {
        return TestUsers.as(auditor, action, Roles.USER, Roles.AUDITOR);
    }

    private FleetFilter inNetwork() {
        return new FleetFilter(null, network, null, null, null);
    }

    private List<String> names(FleetFilter filter, List<FleetColumn.Order> orders) {
        return asAdmin(() -> fleet.page(filter, orders, 0, 100)).stream()
                .map(DeviceRow::name)
                .toList();
    }

    @Test
    void lists_every_users_devices_with_owner_network_and_lifecycle() {
        var handshake = now.minus(Duration.ofHours(2));
        var expires = now.plus(Duration.ofDays(30));
        fx.device(FleetFixture.spec(erin, network, "erin-laptop")
                .handshake(handshake)
                .expires(expires)
                .origin(KeyOrigin.BROWSER));
        fx.device(FleetFixture.spec(frank, network, "frank-phone").status(DeviceStatus.PENDING));

        var rows = asAuditor(() -> fleet.page(inNetwork(), List.of(), 0, 10));
        assertThat(rows).extracting(DeviceRow::name).containsExactlyInAnyOrder("erin-laptop", "frank-phone");
        var laptop = rows.stream()
                .filter(r -> r.name().equals("erin-laptop"))
                .findFirst()
                .orElseThrow();
        assertThat(laptop.ownerName()).isEqualTo("Erin " + fx.suffix);
        assertThat(laptop.networkName()).isEqualTo("fleet-" + fx.suffix);
        assertThat(laptop.keyOrigin()).isEqualTo(KeyOrigin.BROWSER);
        assertThat(laptop.lifecycle().lastHandshakeAt()).isEqualTo(handshake);
        assertThat(laptop.lifecycle().lastHandshakeMember()).isEqualTo("gw-a");
        assertThat(laptop.lifecycle().expiresAt()).isEqualTo(expires);
        assertThat(laptop.createdAt()).isCloseTo(now, org.assertj.core.api.Assertions.within(5, ChronoUnit.SECONDS));
        // No gateway group serves the network: the delivery column says so.
        assertThat(laptop.delivery()).isInstanceOf(Delivery.Unserved.class);
        assertThat(asAuditor(() -> fleet.count(inNetwork()))).isEqualTo(2);
    }

    @Test
    void filters_by_owner_name_or_email_ignoring_case() {
        fx.device(FleetFixture.spec(erin, network, "erin-laptop"));
        fx.device(FleetFixture.spec(frank, network, "frank-phone"));
        assertThat(names(new FleetFilter("eRiN " + fx.suffix, network, null, null, null), List.of()))
                .containsExactly("erin-laptop");
        assertThat(names(
                        new FleetFilter(
                                "CORP-" + fx.suffix.toUpperCase(java.util.Locale.ROOT), network, null, null, null),
                        List.of()))
                .containsExactly("frank-phone");
        // LIKE wildcards are plain characters here.
        assertThat(names(new FleetFilter("%", network, null, null, null), List.of()))
                .isEmpty();
        assertThat(names(new FleetFilter("_", network, null, null, null), List.of()))
                .isEmpty();
    }

    @Test
    void filters_by_network_and_status() {
        fx.device(FleetFixture.spec(erin, network, "erin-active"));
        fx.device(FleetFixture.spec(erin, network, "erin-revoked").status(DeviceStatus.REVOKED));
        fx.device(FleetFixture.spec(erin, otherNetwork, "erin-elsewhere"));
        assertThat(names(new FleetFilter(null, network, DeviceStatus.REVOKED, null, null), List.of()))
                .containsExactly("erin-revoked");
        assertThat(names(new FleetFilter(null, otherNetwork, null, null, null), List.of()))
                .containsExactly("erin-elsewhere");
        assertThat(names(new FleetFilter("Erin " + fx.suffix, null, DeviceStatus.ACTIVE, null, null), List.of()))
                .containsExactlyInAnyOrder("erin-active", "erin-elsewhere");
    }

    @Test
    void no_handshake_for_n_days_counts_a_device_never_seen_from_its_approval() {
        fx.device(FleetFixture.spec(erin, network, "seen-today").handshake(now.minus(Duration.ofHours(1))));
        fx.device(FleetFixture.spec(erin, network, "seen-long-ago")
                .created(now.minus(Duration.ofDays(60)))
                .handshake(now.minus(Duration.ofDays(40))));
        fx.device(FleetFixture.spec(erin, network, "never-seen-old").created(now.minus(Duration.ofDays(31))));
        fx.device(FleetFixture.spec(erin, network, "never-seen-new").created(now.minus(Duration.ofDays(2))));
        assertThat(names(new FleetFilter(null, network, null, 30, null), List.of()))
                .containsExactlyInAnyOrder("seen-long-ago", "never-seen-old");
        assertThat(names(new FleetFilter(null, network, null, 1, null), List.of()))
                .containsExactlyInAnyOrder("seen-long-ago", "never-seen-old", "never-seen-new");
        // The portal's clock decides what "now" is.
        clock.advance(Duration.ofDays(29));
        assertThat(names(new FleetFilter(null, network, null, 30, null), List.of()))
                .containsExactlyInAnyOrder("seen-long-ago", "never-seen-old", "never-seen-new");
    }

    @Test
    void expires_within_n_days() {
        fx.device(FleetFixture.spec(erin, network, "expires-soon").expires(now.plus(Duration.ofDays(3))));
        fx.device(FleetFixture.spec(erin, network, "expires-later").expires(now.plus(Duration.ofDays(30))));
        fx.device(FleetFixture.spec(erin, network, "never-expires"));
        assertThat(names(new FleetFilter(null, network, null, null, 7), List.of()))
                .containsExactly("expires-soon");
        assertThat(names(new FleetFilter(null, network, null, null, 31), List.of()))
                .containsExactlyInAnyOrder("expires-soon", "expires-later");
    }

    @Test
    void sorts_by_each_column_in_the_database_with_the_id_breaking_ties() {
        var a = fx.device(FleetFixture.spec(erin, network, "b-device")
                .created(now.minus(Duration.ofDays(3)))
                .handshake(now.minus(Duration.ofDays(1)))
                .expires(now.plus(Duration.ofDays(9))));
        var b = fx.device(FleetFixture.spec(frank, network, "a-device")
                .created(now.minus(Duration.ofDays(1)))
                .status(DeviceStatus.PENDING)
                .origin(KeyOrigin.SERVER));
        var c = fx.device(FleetFixture.spec(frank, network, "c-device")
                .created(now.minus(Duration.ofDays(2)))
                .handshake(now.minus(Duration.ofDays(5)))
                .expires(now.plus(Duration.ofDays(1)))
                .origin(KeyOrigin.BROWSER));
        assertThat(names(inNetwork(), List.of())).containsExactly("a-device", "c-device", "b-device");
        assertThat(names(inNetwork(), asc(FleetColumn.NAME))).containsExactly("a-device", "b-device", "c-device");
        assertThat(names(inNetwork(), desc(FleetColumn.NAME))).containsExactly("c-device", "b-device", "a-device");
        assertThat(names(inNetwork(), asc(FleetColumn.CREATED))).containsExactly("b-device", "c-device", "a-device");
        // Never seen and never expiring come last, whichever way.
        assertThat(names(inNetwork(), asc(FleetColumn.LAST_HANDSHAKE)))
                .containsExactly("c-device", "b-device", "a-device");
        assertThat(names(inNetwork(), desc(FleetColumn.LAST_HANDSHAKE)))
                .containsExactly("b-device", "c-device", "a-device");
        assertThat(names(inNetwork(), asc(FleetColumn.EXPIRES))).containsExactly("c-device", "b-device", "a-device");
        assertThat(names(inNetwork(), desc(FleetColumn.KEY_AGE))).containsExactly("b-device", "c-device", "a-device");
        assertThat(names(inNetwork(), asc(FleetColumn.STATUS))).containsExactly("b-device", "c-device", "a-device");
        assertThat(names(inNetwork(), asc(FleetColumn.KEY_ORIGIN))).containsExactly("c-device", "a-device", "b-device");
        assertThat(names(inNetwork(), asc(FleetColumn.NETWORK))).hasSize(3);
        // Owner, then the tie between Frank's two devices goes to the id (in the last column's direction).
        assertThat(names(inNetwork(), asc(FleetColumn.OWNER))).containsExactly("b-device", "a-device", "c-device");
        assertThat(names(inNetwork(), desc(FleetColumn.OWNER))).containsExactly("c-device", "a-device", "b-device");
        assertThat(names(
                        inNetwork(),
                        List.of(
                                new FleetColumn.Order(FleetColumn.OWNER, true),
                                new FleetColumn.Order(FleetColumn.NAME, false))))
                .containsExactly("a-device", "c-device", "b-device");
        assertThat(List.of(a, b, c)).doesNotHaveDuplicates();
    }

    private static List<FleetColumn.Order> asc(FleetColumn column) {
        return List.of(new FleetColumn.Order(column, false));
    }

    private static List<FleetColumn.Order> desc(FleetColumn column) {
        return List.of(new FleetColumn.Order(column, true));
    }

    @Test
    void pages_by_offset_and_limit_without_repeating_or_skipping_rows_of_equal_sort_keys() {
        var created = now.minus(Duration.ofDays(1));
        for (int i = 0; i < 25; i++) {
            fx.device(FleetFixture.spec(erin, network, "same-" + i).created(created));
        }
        var seen = new java.util.ArrayList<Long>();
        for (int offset = 0; offset < 25; offset += 7) {
            var start = offset;
            var page = asAdmin(() -> fleet.page(inNetwork(), asc(FleetColumn.CREATED), start, 7));
            assertThat(page).hasSize(Math.min(7, 25 - offset));
            page.forEach(row -> seen.add(row.id()));
        }
        assertThat(seen).hasSize(25).doesNotHaveDuplicates().isSorted();
        assertThat(asAdmin(() -> fleet.page(inNetwork(), List.of(), 25, 7))).isEmpty();
        assertThat(asAdmin(() -> fleet.count(inNetwork()))).isEqualTo(25);
    }

    @Test
    void a_page_out_of_bounds_is_refused() {
        assertThatThrownBy(() -> asAdmin(() -> fleet.page(inNetwork(), List.of(), -1, 10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> asAdmin(() -> fleet.page(inNetwork(), List.of(), 0, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> asAdmin(() -> fleet.page(inNetwork(), List.of(), 0, DeviceFleet.MAX_PAGE + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostile_url_parameters_are_ignored_with_a_note_and_the_rest_still_filters() {
        fx.device(FleetFixture.spec(erin, network, "erin-laptop"));
        fx.device(FleetFixture.spec(erin, network, "erin-old").status(DeviceStatus.REVOKED));
        var parsed = FleetFilter.parse(Map.of(
                "network", List.of(Long.toString(network)),
                "status", List.of("active' or '1'='1"),
                "owner", List.of("x\u0000' or 1=1 --"),
                "silent", List.of("99999999999999999999"),
                "expires", List.of("-5"),
                "sort", List.of("id; drop table device")));
        assertThat(parsed.notes()).hasSize(4);
        assertThat(parsed.filter()).isEqualTo(new FleetFilter(null, network, null, null, null));
        assertThat(names(parsed.filter(), List.of())).containsExactlyInAnyOrder("erin-laptop", "erin-old");
        // Quotes and SQL in an owner filter are text to look for, nothing else.
        assertThat(names(new FleetFilter("' or '1'='1", network, null, null, null), List.of()))
                .isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from device where network_id = ?", Long.class, network))
                .isEqualTo(2);
    }

    @Test
    void exports_every_matching_row_as_csv_with_formulas_neutralized() throws Exception {
        var mallory = fx.user("=HYPERLINK(\"http://evil.test\") " + fx.suffix, null);
        fx.device(FleetFixture.spec(mallory, network, "+cmd|calc"));
        fx.device(FleetFixture.spec(mallory, network, "@sum"));
        fx.device(FleetFixture.spec(erin, network, "-minus"));
        for (int i = 0; i < DeviceFleet.EXPORT_BATCH + 3; i++) {
            fx.device(FleetFixture.spec(erin, network, "bulk-" + i));
        }
        var out = new ByteArrayOutputStream();
        asAuditor(() -> {
            fleet.exportCsv(inNetwork(), asc(FleetColumn.NAME), out);
            return null;
        });
        var lines = out.toString(StandardCharsets.UTF_8).split("\r\n");
        assertThat(lines).hasSize(1 + 3 + DeviceFleet.EXPORT_BATCH + 3);
        assertThat(lines[0]).startsWith("\"id\",\"owner\",\"network\",\"name\"");
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("\"'=HYPERLINK(\"\"http://evil.test\"\") " + fx.suffix + "\"")
                .contains("\"'+cmd|calc\"")
                .contains("\"'@sum\"")
                .contains("\"'-minus\"")
                .doesNotContain(",\"=")
                .doesNotContain(",\"+")
                .doesNotContain(",\"@");
        // In the order asked for (by name, as the database collates it), as the view's pages have it.
        var pages = new java.util.ArrayList<String>();
        for (int offset = 0; offset < lines.length - 1; offset += DeviceFleet.MAX_PAGE) {
            var start = offset;
            asAuditor(() -> fleet.page(inNetwork(), asc(FleetColumn.NAME), start, DeviceFleet.MAX_PAGE))
                    .forEach(row -> pages.add(Long.toString(row.id())));
        }
        assertThat(java.util.Arrays.stream(lines).skip(1).map(line -> line.substring(1, line.indexOf('"', 1))))
                .containsExactlyElementsOf(pages);
    }

    @Test
    void auditors_read_and_employees_are_refused() {
        fx.device(FleetFixture.spec(erin, network, "erin-laptop"));
        assertThat(asAuditor(() -> fleet.count(inNetwork()))).isEqualTo(1);
        assertThatThrownBy(() -> TestUsers.as(employee, () -> fleet.page(inNetwork(), List.of(), 0, 10), Roles.USER))
                .isInstanceOf(AuthorizationDeniedException.class);
        assertThatThrownBy(() -> TestUsers.as(employee, () -> fleet.count(inNetwork()), Roles.USER))
                .isInstanceOf(AuthorizationDeniedException.class);
        assertThatThrownBy(() -> TestUsers.as(
                        employee,
                        () -> {
                            fleet.exportCsv(inNetwork(), List.of(), new ByteArrayOutputStream());
                            return null;
                        },
                        Roles.USER))
                .isInstanceOf(AuthorizationDeniedException.class);
    }
}
