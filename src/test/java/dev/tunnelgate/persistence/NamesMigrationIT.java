package dev.tunnelgate.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.testing.TestDatabase;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Migrations on databases that already hold rows. V7 on names differing only in case: every row keeps its name, the
 * oldest of each set gets the plain key, and from then on no new twin can be stored. V8: networks that existed keep
 * reaching everything their gateway routes, networks created afterwards start default-deny. On a fresh H2 database, or in a schema of its
 * own on the PostgreSQL server the build names.
 */
class NamesMigrationIT {
    private static final Timestamp NOW = Timestamp.from(Instant.now());

    private final String schema =
            "v7_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private SingleConnectionDataSource dataSource;
    private JdbcTemplate jdbc;

    @BeforeEach
    void connect() {
        var postgres = TestDatabase.postgresUrl();
        dataSource = postgres != null
                ? new SingleConnectionDataSource(
                        postgres, TestDatabase.postgresUser(), TestDatabase.postgresPassword(), true)
                : new SingleConnectionDataSource("jdbc:h2:mem:" + schema + ";DB_CLOSE_DELAY=-1", "sa", "", true);
        jdbc = new JdbcTemplate(dataSource);
    }

    @AfterEach
    void dropEverything() {
        if (TestDatabase.postgresUrl() != null) {
            jdbc.execute("drop schema " + schema + " cascade");
        } else {
            jdbc.execute("shutdown");
        }
        dataSource.destroy();
    }

    private Flyway flyway(String target) {
        var configuration = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .target(target);
        if (TestDatabase.postgresUrl() != null) {
            configuration.schemas(schema).createSchemas(true);
        }
        return configuration.load();
    }

    @Test
    void rows_that_collide_ignoring_case_keep_their_names_and_the_later_ones_get_a_key_of_their_own() {
        flyway("6").migrate();
        useSchema();
        for (long user = 1; user <= 2; user++) {
            jdbc.update(
                    "insert into app_user (id, version, issuer, subject, display_name, roles, created_at, last_login_at)"
                            + " values (?, 0, 'https://idp.test', ?, 'User', '[USER]', ?, ?)",
                    user,
                    "subject-" + user,
                    NOW,
                    NOW);
        }
        network(1, "Office");
        network(2, "OFFICE");
        network(3, "Lab");
        device(1, 1, "Phone");
        device(2, 1, "phone");
        device(3, 1, "PHONE");
        device(4, 1, "Laptop");
        device(5, 2, "phone");
        group(1, "Edge");
        group(2, "edge");
        member(1, 1, "gw-a");
        member(2, 1, "GW-A");
        member(3, 2, "gw-a");

        flyway("7").migrate();
        useSchema();

        assertThat(keys("device"))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(1L, "phone", 2L, "phone\n2", 3L, "phone\n3", 4L, "laptop", 5L, "phone"));
        assertThat(keys("network"))
                .containsExactlyInAnyOrderEntriesOf(Map.of(1L, "office", 2L, "office\n2", 3L, "lab"));
        assertThat(keys("gateway_group")).containsExactlyInAnyOrderEntriesOf(Map.of(1L, "edge", 2L, "edge\n2"));
        assertThat(keys("gateway_member"))
                .containsExactlyInAnyOrderEntriesOf(Map.of(1L, "gw-a", 2L, "gw-a\n2", 3L, "gw-a"));
        assertThat(jdbc.queryForList("select name from device order by id", String.class))
                .containsExactly("Phone", "phone", "PHONE", "Laptop", "phone");

        assertThatThrownBy(() -> jdbc.update(
                        "insert into device (version, owner_id, network_id, name, name_key, platform,"
                                + " key_origin, public_key, preshared_key, ipv4_address, status, created_at) values (0, 1, 3, 'pHONE', 'phone',"
                                + " 'OTHER', 'USER', 'key-6', 'psk', '10.0.0.6', 'PENDING', ?)",
                        NOW))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.update(
                        "insert into network (version, name, name_key, ipv4_pool, gateway_addresses,"
                                + " dns_servers, mtu, persistent_keepalive, endpoint, tunnel_mode, allowed_ips, approval_mode, auto_approve_groups,"
                                + " devices_per_user, created_at) values (0, 'LAB', 'lab', '10.0.1.0/24', '', '', 1420, 0, 'vpn.example.test:51820',"
                                + " 'SPLIT', '10.0.1.0/24', 'MANUAL', '', 5, ?)",
                        NOW))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    /** On PostgreSQL, this test's schema (Flyway may set the connection back after it migrated). */
    @Test
    void access_policies_arrive_without_cutting_off_the_networks_that_existed() {
        flyway("7").migrate();
        useSchema();
        jdbc.update(
                "insert into network (id, version, name, name_key, ipv4_pool, gateway_addresses, dns_servers, mtu,"
                        + " persistent_keepalive, endpoint, tunnel_mode, allowed_ips, approval_mode,"
                        + " auto_approve_groups, devices_per_user, created_at) values (1, 0, 'Office', 'office',"
                        + " '10.0.0.0/24', '', '', 1420, 0, 'vpn.example.test:51820', 'SPLIT', '10.0.0.0/24', 'MANUAL',"
                        + " '', 5, ?)",
                NOW);

        flyway("8").migrate();
        jdbc.update(
                "insert into network (id, version, name, name_key, ipv4_pool, gateway_addresses, dns_servers, mtu,"
                        + " persistent_keepalive, endpoint, tunnel_mode, allowed_ips, approval_mode,"
                        + " auto_approve_groups, devices_per_user, created_at) values (2, 0, 'Lab', 'lab',"
                        + " '10.1.0.0/24', '', '', 1420, 0, 'vpn.example.test:51820', 'SPLIT', '10.1.0.0/24', 'MANUAL',"
                        + " '', 5, ?)",
                NOW);

        assertThat(jdbc.queryForList("select open_without_policies from network order by id", Boolean.class))
                .containsExactly(true, false);
        assertThat(jdbc.queryForObject("select count(*) from access_policy", Integer.class))
                .isZero();
    }

    private void useSchema() {
        if (TestDatabase.postgresUrl() != null) {
            jdbc.execute("set search_path to " + schema);
        }
    }

    private Map<Long, String> keys(String table) {
        return jdbc.queryForList("select id, name_key from " + table).stream()
                .collect(Collectors.toMap(
                        row -> ((Number) row.get("id")).longValue(), row -> (String) row.get("name_key")));
    }

    private void network(long id, String name) {
        jdbc.update(
                "insert into network (id, version, name, ipv4_pool, gateway_addresses, dns_servers, mtu, persistent_keepalive,"
                        + " endpoint, tunnel_mode, allowed_ips, approval_mode, auto_approve_groups, devices_per_user, created_at)"
                        + " values (?, 0, ?, '10.0.0.0/24', '', '', 1420, 0, 'vpn.example.test:51820', 'SPLIT', '10.0.0.0/24', 'MANUAL',"
                        + " '', 5, ?)",
                id,
                name,
                NOW);
    }

    private void device(long id, long owner, String name) {
        jdbc.update(
                "insert into device (id, version, owner_id, network_id, name, platform, key_origin, public_key, preshared_key,"
                        + " ipv4_address, status, created_at) values (?, 0, ?, 3, ?, 'OTHER', 'USER', ?, 'psk', ?, 'PENDING', ?)",
                id,
                owner,
                name,
                "key-" + id,
                "10.0.0." + id,
                NOW);
    }

    private void group(long id, String name) {
        jdbc.update(
                "insert into gateway_group (id, version, name, endpoint, listen_port, revision, peer_hash, created_at)"
                        + " values (?, 0, ?, 'gw.example.test:51820', 51820, 1, 'hash', ?)",
                id,
                name,
                NOW);
    }

    private void member(long id, long group, String name) {
        jdbc.update(
                "insert into gateway_member (id, version, group_id, name, credential_hash, created_at, applied_revision,"
                        + " peer_count, handshaking_peers) values (?, 0, ?, ?, 'hash', ?, 0, 0, 0)",
                id,
                group,
                name,
                NOW);
    }
}
