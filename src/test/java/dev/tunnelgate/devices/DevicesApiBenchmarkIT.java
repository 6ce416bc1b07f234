package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.agent.InMemoryAgent;
import dev.tunnelgate.apitokens.ApiTokenScope;
import dev.tunnelgate.gateways.GatewayFixture;
import dev.tunnelgate.gateways.GatewayService;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.testing.ApiClient;
import dev.tunnelgate.testing.TestDatabase;
import dev.tunnelgate.testing.TestNetworks;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue #12's benchmarks of the devices API, over real HTTP with personal access tokens. First: 10,000 devices
 * enrolled with their users' own keys (auto-approved) by concurrent clients, across 10 networks each served by a
 * gateway group of its own with two members, each member an agent loop on the in-memory interface in this JVM
 * ({@link InMemoryAgent}); measured from the first request until every member of the 10 groups acknowledged its
 * group's last revision. Second: one page (50 rows, newest first) of the admin Devices list at 100,000 devices
 * (inserted with JDBC batches), read repeatedly; p50 and p99. Never part of {@code verify}; run with {@code ./mvnw -o
 * test-compile failsafe:integration-test@it-postgres -Dit.test=DevicesApiBenchmarkIT -Dtunnelgate.it.exclude=none}
 * and {@code TUNNELGATE_TEST_POSTGRES_URL} set (or {@code @it-h2}). Prints its figures to stdout.
 */
@Tag("benchmark")
class DevicesApiBenchmarkIT extends DevicesApiTest {
    private static final int DEVICES = Integer.getInteger("tunnelgate.benchmark.devices", 10_000);
    private static final int NETWORKS = 10;
    private static final int MEMBERS = 2;
    private static final int PER_USER = 100;
    private static final int CLIENTS = Integer.getInteger("tunnelgate.benchmark.clients", 8);
    private static final int FLEET = Integer.getInteger("tunnelgate.benchmark.fleet", 100_000);
    private static final int READS = 200;

    @Autowired
    GatewayService gateways;

    @Test
    void enrolling_10000_devices_through_the_api_until_every_member_of_10_groups_acknowledged() throws Exception {
        var fixture = new GatewayFixture(networks, gateways, devices, jdbc);
        var networkIds = new long[NETWORKS];
        var groups = new long[NETWORKS];
        for (int n = 0; n < NETWORKS; n++) {
            int second = 20 + n;
            var spec = TestNetworks.network(
                    "bench-" + suffix + "-" + n,
                    "10.%d.0.0/16".formatted(second),
                    b -> b.gatewayAddresses("10.%d.0.1".formatted(second))
                            .persistentKeepalive(0)
                            .split("10.%d.0.0/16".formatted(second))
                            .approvalMode(ApprovalMode.AUTOMATIC)
                            .devicesPerUser(PER_USER));
            networkIds[n] = fixture.asAdmin(() -> networks.create(spec));
            // With its key known, no member's first report adopts it: the two would race for the group's row.
            groups[n] = fixture.group(newKey(), "127.0.0.1:" + (52000 + n), 52000 + n, networkIds[n]);
        }
        int users = (DEVICES + PER_USER - 1) / PER_USER;
        var tokenOf = new String[users];
        for (int u = 0; u < users; u++) {
            tokenOf[u] = token(user("bench " + u), ApiTokenScope.READ_WRITE);
        }
        var keys = new String[DEVICES];
        Arrays.setAll(keys, i -> newKey());

        Path work = Files.createTempDirectory(
                "tunnelgate-bench", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        var agents = new ArrayList<InMemoryAgent>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int n = 0; n < NETWORKS; n++) {
                for (int m = 0; m < MEMBERS; m++) {
                    var member = fixture.member(groups[n], "gw-" + n + "-" + m);
                    agents.add(InMemoryAgent.start(baseUrl(), member.token(), work.resolve(n + "-" + m)));
                }
            }
            // Every member has its group's (empty) snapshot: the agents are polling before the clock starts.
            for (long group : groups) {
                awaitAcknowledged(group, revision(group), Duration.ofSeconds(120));
            }

            var latencies = new long[DEVICES];
            var start = System.nanoTime();
            var work0 = new ArrayList<Future<?>>();
            for (int u = 0; u < users; u++) {
                int user = u;
                work0.add(clients.submit(() -> {
                    var api = new ApiClient(baseUrl());
                    for (int i = user * PER_USER; i < Math.min(DEVICES, (user + 1) * PER_USER); i++) {
                        // Clients start on different networks: enrollments into one network take turns at its lock.
                        var body = json(
                                "name", "b" + i, "networkId", networkIds[(i + user) % NETWORKS], "publicKey", keys[i]);
                        long t0 = System.nanoTime();
                        var response = api.send("POST", "/api/v1/devices", tokenOf[user], body);
                        latencies[i] = System.nanoTime() - t0;
                        if (response.status() != 201 || !response.body().contains("\"status\":\"ACTIVE\"")) {
                            throw new AssertionError("enrollment " + i + ": " + response);
                        }
                    }
                    return null;
                }));
            }
            for (var future : work0) {
                future.get();
            }
            var enrolled = System.nanoTime();
            for (long group : groups) {
                awaitAcknowledged(group, revision(group), Duration.ofSeconds(300));
            }
            var acknowledged = System.nanoTime();

            for (var agent : agents) {
                assertThat(agent.peerCount()).isEqualTo(DEVICES / NETWORKS);
            }
            var millis = Arrays.stream(latencies).mapToDouble(l -> l / 1e6).toArray();
            System.out.printf(
                    "api enrollment benchmark (%s): %,d devices (own keys, auto-approved) by %d concurrent clients"
                            + " (%d users), %d networks each with its own gateway group of %d in-memory agent members:"
                            + " first request -> last enrollment answered %.2f s (%.0f enrollments/s),"
                            + " -> every member of the %d groups acknowledged the last revision %.2f s"
                            + " (target < 15 s: %s); enrollment request p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    database(),
                    DEVICES,
                    CLIENTS,
                    users,
                    NETWORKS,
                    MEMBERS,
                    (enrolled - start) / 1e9,
                    DEVICES / ((enrolled - start) / 1e9),
                    NETWORKS,
                    (acknowledged - start) / 1e9,
                    (acknowledged - start) / 1e9 < 15 ? "met" : "not met",
                    percentile(millis, 50),
                    percentile(millis, 99),
                    Arrays.stream(millis).max().orElseThrow());
        } finally {
            clients.shutdownNow();
            for (var agent : agents) {
                agent.close();
            }
            try (var files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void one_page_of_the_admin_devices_list_at_100000_devices() {
        var fx = new FleetFixture(jdbc);
        long network = fx.network(networks, "apibench");
        try {
            var started = System.nanoTime();
            var newest = insertFleet(fx.suffix, network);
            var inserted = (System.nanoTime() - started) / 1e9;
            jdbc.execute(TestDatabase.postgresUrl() == null ? "analyze" : "analyze device");
            var auditor = token(user("Bench auditor"), ApiTokenScope.READ_ONLY, Roles.AUDITOR);
            var api = new ApiClient(baseUrl());
            var total = Objects.requireNonNull(jdbc.queryForObject("select count(*) from device", Long.class));

            var first = reads(api, auditor, "/api/v1/fleet/devices?size=50");
            assertThat(api.get(auditor, "/api/v1/fleet/devices?size=50")
                            .json()
                            .get("items")
                            .size())
                    .isEqualTo(50);
            // Other tests' devices may be newer than the seeded ones; among these, the newest comes first.
            var ownFirst = api.get(auditor, "/api/v1/fleet/devices?size=1&network=" + network)
                    .json();
            assertThat(ownFirst.get("items").get(0).get("name").asString()).isEqualTo(newest);
            var filtered = reads(api, auditor, "/api/v1/fleet/devices?size=50&status=active&sort=name,asc");
            var owner = reads(api, auditor, "/api/v1/fleet/devices?size=50&owner=user+0042+" + fx.suffix);
            System.out.printf(
                    "api fleet list benchmark (%s): %,d devices in the table (%,d inserted in %.1f s), %d reads each"
                            + " after 20 warm-up reads, one client, read-only auditor token:"
                            + " first page of 50 newest first p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
                            + " status=active&sort=name,asc p50 %.1f ms, p99 %.1f ms;"
                            + " owner filter p50 %.1f ms, p99 %.1f ms%n",
                    database(),
                    total,
                    FLEET,
                    inserted,
                    READS,
                    percentile(first, 50),
                    percentile(first, 99),
                    Arrays.stream(first).max().orElseThrow(),
                    percentile(filtered, 50),
                    percentile(filtered, 99),
                    percentile(owner, 50),
                    percentile(owner, 99));
        } finally {
            jdbc.update("delete from device where network_id = ?", network);
        }
    }

    private static double[] reads(ApiClient api, String token, String path) {
        for (int i = 0; i < 20; i++) {
            assertThat(api.get(token, path).status()).isEqualTo(200);
        }
        var millis = new double[READS];
        for (int i = 0; i < READS; i++) {
            long t0 = System.nanoTime();
            var response = api.get(token, path);
            millis[i] = (System.nanoTime() - t0) / 1e6;
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
        }
        return millis;
    }

    /** 1,000 users and {@link #FLEET} devices, one every 5 minutes over the past; returns the newest's name. */
    private String insertFleet(String suffix, long network) {
        var now = Timestamp.from(Instant.now());
        var userRows = new ArrayList<Object[]>();
        for (int i = 0; i < 1_000; i++) {
            userRows.add(new Object[] {
                "apibench-%s-%d".formatted(suffix, i),
                "Bench user %04d %s".formatted(i, suffix),
                "bench%d@%s.example.com".formatted(i, suffix),
                now,
                now
            });
        }
        jdbc.batchUpdate(
                "insert into app_user (version, issuer, subject, display_name, email, roles, created_at, last_login_at)"
                        + " values (0, 'https://idp.test', ?, ?, ?, '[USER]', ?, ?)",
                userRows);
        var owners = jdbc.queryForList(
                "select id from app_user where subject like ? order by id", Long.class, "apibench-" + suffix + "-%");
        var base = Instant.now().minus(Duration.ofDays(400));
        var rows = new ArrayList<Object[]>();
        var newest = "";
        for (int i = 0; i < FLEET; i++) {
            var created = Timestamp.from(base.plusSeconds(300L * i));
            newest = "apibench-%s-%d".formatted(suffix, i);
            rows.add(new Object[] {
                owners.get(i % owners.size()),
                network,
                newest,
                newest,
                FleetFixture.randomKey(),
                "10.%d.%d.%d".formatted(100 + i / 65_536, i / 256 % 256, i % 256),
                i % 20 == 0 ? "REVOKED" : "ACTIVE",
                created,
                created,
                created,
                i % 2 == 0 ? null : created
            });
            if (rows.size() == 1_000 || i == FLEET - 1) {
                jdbc.batchUpdate(
                        "insert into device (version, owner_id, network_id, name, name_key, platform, key_origin,"
                                + " public_key, preshared_key, ipv4_address, status, created_at, decided_at,"
                                + " key_created_at, last_handshake_at)"
                                + " values (0, ?, ?, ?, ?, 'LINUX', 'USER', ?, 'v1:none', ?, ?, ?, ?, ?, ?)",
                        rows);
                rows.clear();
            }
        }
        return newest;
    }

    private long revision(long group) {
        return Objects.requireNonNull(
                jdbc.queryForObject("select revision from gateway_group where id = ?", Long.class, group));
    }

    /** Waits until every active member of the group reported at least this revision. */
    private void awaitAcknowledged(long group, long revision, Duration timeout) throws InterruptedException {
        var deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            var lowest = jdbc.queryForObject(
                    "select min(applied_revision) from gateway_member where group_id = ? and revoked_at is null",
                    Long.class,
                    group);
            if (lowest != null && lowest >= revision) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("group " + group + " did not reach revision " + revision + " in " + timeout);
            }
            Thread.sleep(2);
        }
    }

    private static String database() {
        return TestDatabase.postgresUrl() == null ? "H2" : "PostgreSQL";
    }

    private static double percentile(double[] values, int percentile) {
        var sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }
}
