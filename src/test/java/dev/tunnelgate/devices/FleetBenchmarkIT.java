package dev.tunnelgate.devices;

import static dev.tunnelgate.agent.WireGuardBenchmark.median;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.Browser;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestDatabase;
import dev.tunnelgate.testing.TestUsers;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue #10's benchmark of the Devices view: 100,000 devices of 1,000 users in one network (inserted with JDBC
 * batches), then the view's first page in Chromium, full load: from the navigation's start to the moment the newest
 * device's row is in the page (a MutationObserver installed before the page's own scripts notes it). One warm-up, then
 * several loads; prints each and the median. Never part of {@code verify}; run it with {@code ./mvnw -B
 * failsafe:integration-test@it-h2 -Dit.test=FleetBenchmarkIT -Dtunnelgate.it.exclude=none} (or {@code @it-postgres}
 * with {@code TUNNELGATE_TEST_POSTGRES_URL} set), after {@code ./mvnw -B -q package -DskipTests}.
 */
@Tag("benchmark")
class FleetBenchmarkIT extends PortalIntegrationTest {
    private static final int DEVICES = Integer.getInteger("tunnelgate.benchmark.devices", 100_000);
    private static final int USERS = 1_000;
    private static final int RUNS = 7;
    private static final int BATCH = 1_000;

    @RegisterExtension
    final Browser browser = new Browser();

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    NetworkService networks;

    @Autowired
    DeviceFleet fleet;

    private long network;

    @AfterEach
    void tearDown() throws IOException {
        browser.close();
        if (network != 0) {
            jdbc.update("delete from device where network_id = ?", network);
        }
    }

    @Test
    void first_page_of_the_devices_view_with_100000_devices() {
        var fx = new FleetFixture(jdbc);
        network = fx.network(networks, "fleetbench");
        var started = System.nanoTime();
        var owners = insertUsers(fx.suffix);
        var newest = insertDevices(owners, fx.suffix);
        var inserted = Duration.ofNanos(System.nanoTime() - started);
        jdbc.execute(TestDatabase.postgresUrl() == null ? "analyze" : "analyze device");

        var admin = TestUsers.insert(jdbc, "Bench admin");
        var serviceMillis = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            var t0 = System.nanoTime();
            var page = TestUsers.as(
                    admin,
                    () -> {
                        fleet.count(FleetFilter.ANY);
                        return fleet.page(FleetFilter.ANY, List.of(), 0, 50);
                    },
                    Roles.USER,
                    Roles.AUDITOR);
            serviceMillis[i] = (System.nanoTime() - t0) / 1e6;
            assertThat(page.getFirst().name()).isEqualTo(newest);
        }

        browser.signIn(baseUrl(), "alice");
        browser.driver.executeCdpCommand(
                "Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                        window.__rowsAt = null;
                        window.__shellAt = null;
                        new MutationObserver((mutations, observer) => {
                          if (window.__shellAt === null && document.querySelector('vaadin-side-nav-item')) {
                            window.__shellAt = performance.now();
                          }
                          for (const cell of document.querySelectorAll('vaadin-grid-cell-content')) {
                            if (cell.textContent.trim() === '%s') {
                              window.__rowsAt = performance.now();
                              observer.disconnect();
                              return;
                            }
                          }
                        }).observe(document, {childList: true, subtree: true, characterData: true});
                        """.formatted(newest)));
        var loads = new ArrayList<Double>();
        var shells = new ArrayList<Double>();
        for (int run = 0; run <= RUNS; run++) {
            browser.driver.get(baseUrl() + "/fleet");
            var at = browser.waitUpTo(Duration.ofSeconds(60))
                    .until(d -> (Number) browser.driver.executeScript("return window.__rowsAt;"));
            var shell = (Number) browser.driver.executeScript("return window.__shellAt;");
            if (run > 0) {
                loads.add(at.doubleValue());
                shells.add(shell == null ? Double.NaN : shell.doubleValue());
            }
        }
        var browserMillis = loads.stream().mapToDouble(Double::doubleValue).toArray();
        var shellMillis = shells.stream().mapToDouble(Double::doubleValue).toArray();
        System.out.printf(
                "fleet benchmark (%s): %,d devices of %,d users inserted in %.1f s;"
                        + " service first page + count: median %.1f ms %s;"
                        + " browser full load to first rows: median %.0f ms %s;"
                        + " of which to the app shell (navigation rendered): median %.0f ms %s%n",
                TestDatabase.postgresUrl() == null ? "H2" : "PostgreSQL",
                DEVICES,
                USERS,
                inserted.toMillis() / 1000.0,
                median(serviceMillis),
                Arrays.toString(Arrays.stream(serviceMillis).map(Math::round).toArray()),
                median(browserMillis),
                Arrays.toString(Arrays.stream(browserMillis).map(Math::round).toArray()),
                median(shellMillis),
                Arrays.toString(Arrays.stream(shellMillis).map(Math::round).toArray()));
    }

    private List<Long> insertUsers(String suffix) {
        var now = Timestamp.from(Instant.now());
        var rows = new ArrayList<Object[]>();
        for (int i = 0; i < USERS; i++) {
            rows.add(new Object[] {
                "bench-%s-%d".formatted(suffix, i),
                "Bench User %04d %s".formatted(i, suffix),
                "bench%d@%s.example.com".formatted(i, suffix),
                now,
                now
            });
        }
        jdbc.batchUpdate(
                "insert into app_user (version, issuer, subject, display_name, email, roles, created_at, last_login_at)"
                        + " values (0, 'https://idp.test', ?, ?, ?, '[USER]', ?, ?)",
                rows);
        return jdbc.queryForList(
                "select id from app_user where subject like ? order by id", Long.class, "bench-" + suffix + "-%");
    }

    /** Returns the name of the newest device, the first row of the view. */
    private String insertDevices(List<Long> owners, String suffix) {
        var base = Instant.now().minus(Duration.ofDays(400));
        var rows = new ArrayList<Object[]>(BATCH);
        String newest = "";
        for (int i = 0; i < DEVICES; i++) {
            var created = base.plusSeconds(300L * i);
            var name = "bench-%s-%d".formatted(suffix, i);
            newest = name;
            rows.add(new Object[] {
                owners.get(i % owners.size()),
                network,
                name,
                name,
                i % 3 == 0 ? "BROWSER" : "USER",
                FleetFixture.randomKey(),
                "10.%d.%d.%d".formatted(100 + i / 65_536, i / 256 % 256, i % 256),
                i % 20 == 0 ? "REVOKED" : "ACTIVE",
                Timestamp.from(created),
                Timestamp.from(created),
                Timestamp.from(created),
                i % 4 == 0 ? null : Timestamp.from(created.plus(Duration.ofDays(365))),
                i % 2 == 0 ? null : Timestamp.from(created.plus(Duration.ofHours(i % 500))),
                i % 2 == 0 ? null : "gw-a"
            });
            if (rows.size() == BATCH) {
                insert(rows);
                rows.clear();
            }
        }
        if (!rows.isEmpty()) {
            insert(rows);
        }
        return newest;
    }

    private void insert(List<Object[]> rows) {
        jdbc.batchUpdate(
                "insert into device (version, owner_id, network_id, name, name_key, platform, key_origin, public_key,"
                        + " preshared_key, ipv4_address, status, created_at, decided_at, key_created_at, expires_at,"
                        + " last_handshake_at, last_handshake_member)"
                        + " values (0, ?, ?, ?, ?, 'LINUX', ?, ?, 'v1:none', ?, ?, ?, ?, ?, ?, ?, ?)",
                rows);
    }
}
