package dev.tunnelgate.devices;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The SQL behind the Devices view: every device of every user with its owner's and network's names, filtered and
 * sorted in the database and read a page at a time. Checks nobody; {@link DeviceFleet} and {@link BulkRevocations}
 * authorize their callers.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY, readOnly = true)
class FleetQueries {
    private static final String COLUMNS = "d.id, d.owner_id, d.name, d.platform, d.key_origin, d.public_key,"
            + " d.ipv4_address, d.ipv6_address, d.status, d.created_at, d.decided_by, d.decision_reason,"
            + " n.name as network_name, u.display_name as owner_name, d.network_id, d.revoke_reason, d.expires_at,"
            + " d.key_created_at, d.last_handshake_at, d.last_handshake_member, d.next_public_key,"
            + " d.rotation_ends_at, d.revoked_by";
    private static final String FROM_ALL =
            " from device d join app_user u on u.id = d.owner_id join network n on n.id = d.network_id";
    private static final List<FleetColumn.Order> NEWEST_FIRST =
            List.of(new FleetColumn.Order(FleetColumn.CREATED, true));

    private final NamedParameterJdbcTemplate jdbc;
    /** For the export: rows come from the database in batches, not all at once. */
    private final NamedParameterJdbcTemplate streaming;

    private final Clock clock;

    FleetQueries(NamedParameterJdbcTemplate jdbc, DataSource dataSource, Clock clock) {
        this.jdbc = jdbc;
        var template = new JdbcTemplate(dataSource);
        template.setFetchSize(DeviceFleet.EXPORT_BATCH);
        this.streaming = new NamedParameterJdbcTemplate(template);
        this.clock = clock;
    }

    List<DeviceRow> page(FleetFilter filter, List<FleetColumn.Order> orders, long offset, int limit) {
        var where = where(filter);
        var sql = "select " + COLUMNS + FROM_ALL + where.sql + orderBy(orders)
                + " offset :offset rows fetch next :limit rows only";
        where.parameters.addValue("offset", offset).addValue("limit", limit);
        return jdbc.query(sql, where.parameters, (rs, n) -> row(rs));
    }

    long count(FleetFilter filter) {
        var where = where(filter);
        // The owner's name is joined only when the filter needs it; every device has a network.
        var from = filter.owner() == null ? " from device d" : " from device d join app_user u on u.id = d.owner_id";
        return Objects.requireNonNull(
                jdbc.queryForObject("select count(*)" + from + where.sql, where.parameters, Long.class));
    }

    /** The ids of the devices the filter matches that can still be revoked (pending or active), oldest first. */
    List<Long> revocableIds(FleetFilter filter) {
        var where = where(filter);
        var sql = "select d.id from device d join app_user u on u.id = d.owner_id" + where.sql
                + (where.sql.isEmpty() ? " where" : " and") + " d.status in ('PENDING', 'ACTIVE') order by d.id";
        return jdbc.query(sql, where.parameters, (rs, n) -> rs.getLong(1));
    }

    /** Every matching row in order, handed over in batches of at most {@code batch} rows. */
    void each(FleetFilter filter, List<FleetColumn.Order> orders, int batch, Consumer<List<DeviceRow>> consumer) {
        var where = where(filter);
        var sql = "select " + COLUMNS + FROM_ALL + where.sql + orderBy(orders);
        var rows = new ArrayList<DeviceRow>(batch);
        streaming.query(sql, where.parameters, rs -> {
            rows.add(row(rs));
            if (rows.size() == batch) {
                consumer.accept(List.copyOf(rows));
                rows.clear();
            }
        });
        if (!rows.isEmpty()) {
            consumer.accept(List.copyOf(rows));
        }
    }

    private Where where(FleetFilter filter) {
        var conditions = new ArrayList<String>();
        var parameters = new MapSqlParameterSource();
        var now = clock.instant();
        if (filter.owner() != null) {
            conditions.add("(lower(u.display_name) like :owner escape '\\'"
                    + " or lower(coalesce(u.email, '')) like :owner escape '\\')");
            parameters.addValue("owner", "%" + likeEscaped(filter.owner().toLowerCase(Locale.ROOT)) + "%");
        }
        if (filter.networkId() != null) {
            conditions.add("d.network_id = :network");
            parameters.addValue("network", filter.networkId());
        }
        if (filter.status() != null) {
            conditions.add("d.status = :status");
            parameters.addValue("status", filter.status().name());
        }
        if (filter.silentDays() != null) {
            conditions.add("coalesce(d.last_handshake_at, d.decided_at, d.created_at) <= :silentSince");
            parameters.addValue("silentSince", utc(now.minus(Duration.ofDays(filter.silentDays()))));
        }
        if (filter.expiresWithinDays() != null) {
            conditions.add("d.expires_at <= :expiresBy");
            parameters.addValue("expiresBy", utc(now.plus(Duration.ofDays(filter.expiresWithinDays()))));
        }
        return new Where(conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions), parameters);
    }

    private static String orderBy(List<FleetColumn.Order> orders) {
        var effective = orders.isEmpty() ? NEWEST_FIRST : orders;
        var parts = new ArrayList<String>();
        effective.forEach(order -> parts.add(order.sql()));
        // The id makes the order total, so that pages neither repeat nor skip rows; in the last column's direction, so
        // that the newest-first default walks the (created_at, id) index backwards.
        parts.add("d.id " + (effective.getLast().descending() ? "desc" : "asc"));
        return " order by " + String.join(", ", parts);
    }

    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        var value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static DeviceRow row(ResultSet rs) throws SQLException {
        return new DeviceRow(
                rs.getLong("id"),
                rs.getLong("owner_id"),
                rs.getString("name"),
                Platform.valueOf(rs.getString("platform")),
                KeyOrigin.valueOf(rs.getString("key_origin")),
                rs.getString("public_key"),
                rs.getString("ipv4_address"),
                rs.getString("ipv6_address"),
                DeviceStatus.valueOf(rs.getString("status")),
                Objects.requireNonNull(instant(rs, "created_at")),
                rs.getString("decided_by"),
                rs.getString("decision_reason"),
                rs.getString("network_name"),
                rs.getString("owner_name"),
                rs.getLong("network_id"),
                null,
                new DeviceRow.Lifecycle(
                        rs.getString("revoke_reason"),
                        instant(rs, "expires_at"),
                        Objects.requireNonNull(instant(rs, "key_created_at")),
                        instant(rs, "last_handshake_at"),
                        rs.getString("last_handshake_member"),
                        rs.getString("next_public_key"),
                        instant(rs, "rotation_ends_at"),
                        rs.getString("revoked_by")));
    }

    private record Where(String sql, MapSqlParameterSource parameters) {}
}
