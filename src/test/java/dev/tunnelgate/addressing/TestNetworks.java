package dev.tunnelgate.addressing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** Network rows for tests, written with SQL until the networks feature has a service to create them. */
final class TestNetworks {
    private final JdbcTemplate jdbc;

    TestNetworks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    long create(String ipv4Pool) {
        var name = "addressing-" + UUID.randomUUID();
        jdbc.update("""
                insert into network (version, name, name_key, ipv4_pool, ipv6_pool, gateway_addresses, dns_servers, mtu,
                    persistent_keepalive, endpoint, tunnel_mode, allowed_ips, approval_mode, auto_approve_groups,
                    devices_per_user, created_at)
                values (0, ?, ?, ?, null, '', '', 1420, 25, 'vpn.example.com:51820', 'split', '', 'manual', '', 5, ?)
                """, name, name, ipv4Pool, Timestamp.from(Instant.now()));
        return jdbc.queryForObject("select id from network where name = ?", Long.class, name);
    }

    void delete(long networkId) {
        jdbc.update("delete from address_lease where network_id = ?", networkId);
        jdbc.update("delete from address_cursor where network_id = ?", networkId);
        jdbc.update("delete from network where id = ?", networkId);
    }
}
