package dev.tunnelgate.testing;

import dev.tunnelgate.persistence.UniqueNames;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Destinations, policies and users' groups written as rows, for tests of what reads them (grants, gateways,
 * configs) without the services that manage them. Names get a unique suffix: all integration tests share a database.
 */
public final class PolicyRows {
    private final JdbcTemplate jdbc;

    public PolicyRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A destination; {@code protocol} ANY, TCP, UDP or ICMP, {@code ports} canonical ("443", "8000-8080"). */
    public long destination(String protocol, String ports, String... prefixes) {
        var name = unique("dest");
        jdbc.update(
                "insert into destination (version, name, name_key, prefixes, protocol, ports, created_at)"
                        + " values (0, ?, ?, ?, ?, ?, ?)",
                name,
                UniqueNames.key(name),
                String.join(",", prefixes),
                protocol,
                ports,
                Timestamp.from(Instant.now()));
        return id("destination", name);
    }

    /** An enabled policy of one network granting these destinations to these groups and users. */
    public long policy(long networkId, List<Long> destinations, List<String> groups, List<Long> users) {
        var name = unique("policy");
        jdbc.update(
                "insert into access_policy (version, name, name_key, enabled, created_at) values (0, ?, ?, true, ?)",
                name,
                UniqueNames.key(name),
                Timestamp.from(Instant.now()));
        long id = id("access_policy", name);
        jdbc.update("insert into access_policy_network (policy_id, network_id) values (?, ?)", id, networkId);
        destinations.forEach(d ->
                jdbc.update("insert into access_policy_destination (policy_id, destination_id) values (?, ?)", id, d));
        groups.forEach(
                g -> jdbc.update("insert into access_policy_group (policy_id, group_name) values (?, ?)", id, g));
        users.forEach(u -> jdbc.update("insert into access_policy_user (policy_id, user_id) values (?, ?)", id, u));
        return id;
    }

    public void delete(long policyId) {
        jdbc.update("delete from access_policy where id = ?", policyId);
    }

    /** Sets a user's groups as a sign-in would record them. */
    public void groups(long userId, String... groups) {
        jdbc.update("delete from app_user_group where user_id = ?", userId);
        for (String group : groups) {
            jdbc.update("insert into app_user_group (user_id, group_name) values (?, ?)", userId, group);
        }
    }

    private long id(String table, String name) {
        return Objects.requireNonNull(jdbc.queryForObject(
                "select id from " + table + " where name_key = ?", Long.class, UniqueNames.key(name)));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }
}
