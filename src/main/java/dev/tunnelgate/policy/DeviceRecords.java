package dev.tunnelgate.policy;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Devices with their owner's and network's names, read with JDBC: the devices package builds on this one, so this
 * one reads their tables rather than their services. Callers authorize and bring the transaction.
 */
@Component
class DeviceRecords {
    /** Devices that count for access: the active ones, and the pending ones that will once approved. */
    static final List<String> LIVE = List.of("ACTIVE", "PENDING");

    private static final String SELECT = "select d.id, d.name, d.status, d.owner_id, u.display_name, d.network_id,"
            + " n.name from device d join app_user u on u.id = d.owner_id join network n on n.id = d.network_id ";

    private final NamedParameterJdbcTemplate jdbc;

    DeviceRecords(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A device row, before its reach is known. */
    record Row(
            long id, String name, String status, long ownerId, String ownerName, long networkId, String networkName) {
        AccessGrants.DeviceRef ref() {
            return new AccessGrants.DeviceRef(id, ownerId, networkId);
        }

        DeviceAccess with(List<Reach> reaches) {
            return new DeviceAccess(id, name, status, ownerId, ownerName, networkId, networkName, reaches);
        }
    }

    private static final RowMapper<Row> ROW = (rs, n) -> new Row(
            rs.getLong(1),
            rs.getString(2),
            rs.getString(3),
            rs.getLong(4),
            rs.getString(5),
            rs.getLong(6),
            rs.getString(7));

    /** The active and pending devices of these networks, by id. */
    Map<Long, Row> liveIn(Collection<Long> networkIds) {
        if (networkIds.isEmpty()) {
            return Map.of();
        }
        return byId(jdbc.query(
                SELECT + "where d.status in (:live) and d.network_id in (:networks)",
                new MapSqlParameterSource("live", LIVE).addValue("networks", networkIds),
                ROW));
    }

    /** Every active and pending device, in one query. */
    List<Row> allLive() {
        return jdbc.query(
                SELECT + "where d.status in (:live) order by u.display_name, d.owner_id, d.name, d.id",
                new MapSqlParameterSource("live", LIVE),
                ROW);
    }

    /** The active and pending devices of one user, by name. */
    List<Row> liveOf(long userId) {
        return jdbc.query(
                SELECT + "where d.status in (:live) and d.owner_id = :user order by d.name, d.id",
                new MapSqlParameterSource("live", LIVE).addValue("user", userId),
                ROW);
    }

    /** One device, whatever its status. */
    List<Row> byId(long deviceId) {
        return jdbc.query(SELECT + "where d.id = :id", new MapSqlParameterSource("id", deviceId), ROW);
    }

    /** Devices whose name, owner's name or IPv4 address contains the filter (any case), any status. */
    List<AccessExplainer.DeviceOption> search(String filter, int offset, int limit) {
        return jdbc.query(
                SELECT + "where lower(d.name) like :pattern escape '\\' or lower(u.display_name) like :pattern"
                        + " escape '\\' or d.ipv4_address like :pattern escape '\\'"
                        + " order by d.name, u.display_name, d.id offset :offset rows fetch next :limit rows only",
                new MapSqlParameterSource("pattern", UserRecords.pattern(filter))
                        .addValue("offset", offset)
                        .addValue("limit", limit),
                (rs, n) -> {
                    var row = ROW.mapRow(rs, n);
                    return new AccessExplainer.DeviceOption(
                            row.id(), row.name(), row.ownerName(), row.networkName(), row.status());
                });
    }

    private static Map<Long, Row> byId(List<Row> rows) {
        return rows.stream().collect(Collectors.toMap(Row::id, Function.identity()));
    }
}
