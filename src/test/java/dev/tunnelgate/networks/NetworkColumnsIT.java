package dev.tunnelgate.networks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.keys.WgKeyPair;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestNetworks;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;

/** Typed settings are converted at the entity: the columns keep the text they always held, both ways. */
class NetworkColumnsIT extends PortalIntegrationTest {
    private static final String COLUMNS = "ipv4_pool, ipv6_pool, gateway_addresses, dns_servers, endpoint, allowed_ips,"
            + " auto_approve_groups, gateway_public_key";
    private static final String KEY =
            WgKeyPair.generate(new SecureRandom()).publicKey().toBase64();

    @Autowired
    NetworkService networks;

    @Autowired
    JdbcTemplate jdbc;

    private final String name = "columns-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void signIn() {
        SecurityContextHolder.getContext().setAuthentication(TestLogins.as(7, "Alice Admin", Roles.USER, Roles.ADMIN));
    }

    @AfterEach
    void cleanUp() {
        SecurityContextHolder.clearContext();
        jdbc.update("delete from network where name = ?", name);
    }

    private Map<String, Object> columns(long id) {
        return jdbc.queryForMap("select " + COLUMNS + " from network where id = ?", id);
    }

    @Test
    void a_saved_network_is_stored_as_canonical_comma_separated_text() {
        long id = networks.create(TestNetworks.network(
                name,
                "10.31.0.0/24",
                b -> b.ipv6Pool("FD00:31:0::/64")
                        .gatewayAddresses("10.31.0.1", "FD00:31::1")
                        .dnsServers("1.1.1.1", "2606:4700:4700:0:0:0:0:1111")
                        .endpoint("[2001:DB8::1]:51820")
                        .split("10.0.0.0/8", "FD00::/8")
                        .approvalMode(ApprovalMode.GROUPS)
                        .autoApproveGroups(List.of("admins", "ops"))
                        .gatewayPublicKey(KEY)));

        assertThat(columns(id))
                .containsValues(
                        "10.31.0.0/24",
                        "fd00:31::/64",
                        "10.31.0.1,fd00:31::1",
                        "1.1.1.1,2606:4700:4700::1111",
                        "[2001:db8::1]:51820",
                        "10.0.0.0/8,fd00::/8",
                        "admins,ops",
                        KEY);
    }

    @Test
    void a_row_written_before_typed_settings_reads_back_and_is_written_back_unchanged() {
        jdbc.update(
                "insert into network (version, name, name_key, " + COLUMNS + ", mtu, persistent_keepalive, tunnel_mode,"
                        + " approval_mode, devices_per_user, created_at) values (0, ?, lower(?), ?, ?, ?, ?, ?, ?, ?, ?, 1420, 25,"
                        + " 'SPLIT', 'GROUPS', 5, ?)",
                name,
                name,
                "10.32.0.0/24",
                "fd00:32::/64",
                "10.32.0.1,fd00:32::1",
                "1.1.1.1",
                "vpn.example.com:51820",
                "10.0.0.0/8,fd00::/8",
                "admins,ops",
                KEY,
                Timestamp.from(Instant.now()));
        long id = jdbc.queryForObject("select id from network where name = ?", Long.class, name);
        var before = columns(id);

        var settings = networks.get(id);
        assertThat(NetworkSpec.of(settings))
                .isEqualTo(TestNetworks.network(
                        name,
                        "10.32.0.0/24",
                        b -> b.ipv6Pool("fd00:32::/64")
                                .gatewayAddresses("10.32.0.1", "fd00:32::1")
                                .dnsServers("1.1.1.1")
                                .endpoint("vpn.example.com:51820")
                                .split("10.0.0.0/8", "fd00::/8")
                                .approvalMode(ApprovalMode.GROUPS)
                                .autoApproveGroups(List.of("admins", "ops"))
                                .gatewayPublicKey(KEY)));

        networks.update(id, TestNetworks.with(NetworkSpec.of(settings), b -> b.mtu(1380)));
        assertThat(columns(id)).isEqualTo(before);
        assertThat(networks.get(id).mtu()).isEqualTo(1380);
    }
}
