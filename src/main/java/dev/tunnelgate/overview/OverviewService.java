package dev.tunnelgate.overview;

import dev.tunnelgate.devices.DeviceStatus;
import dev.tunnelgate.gateways.GatewayService;
import dev.tunnelgate.identity.Roles;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The overview's figures, one aggregate query each over the tables of devices, gateways and jobs (read with JDBC: a
 * count needs none of their entities, and the size of the fleet never changes the size of an answer).
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("hasAnyRole('" + Roles.ADMIN + "', '" + Roles.AUDITOR + "')")
public class OverviewService {
    private final JdbcTemplate jdbc;
    private final Clock clock;

    OverviewService(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Devices per status, gateway members offline or behind, and failed jobs, as they are now. */
    public Overview figures() {
        var devices = new EnumMap<DeviceStatus, Long>(DeviceStatus.class);
        for (var status : DeviceStatus.values()) {
            devices.put(status, 0L);
        }
        jdbc.query("select status, count(*) from device group by status", rs -> {
            devices.put(DeviceStatus.valueOf(rs.getString(1)), rs.getLong(2));
        });

        var silentSince = Timestamp.from(clock.instant().minus(GatewayService.ONLINE_WINDOW));
        var offline = "(m.last_contact_at is null or m.last_contact_at <= ?)";
        var behind = "m.applied_revision < g.revision";
        var gateways = Objects.requireNonNull(jdbc.queryForObject(
                "select coalesce(sum(case when " + offline + " then 1 else 0 end), 0),"
                        + " coalesce(sum(case when " + behind + " then 1 else 0 end), 0),"
                        + " coalesce(sum(case when " + offline + " or " + behind + " then 1 else 0 end), 0)"
                        + " from gateway_member m join gateway_group g on g.id = m.group_id"
                        + " where m.revoked_at is null",
                (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)},
                silentSince,
                silentSince));

        long failedJobs = Objects.requireNonNull(
                jdbc.queryForObject("select count(*) from gateway_job where status = 'FAILED'", Long.class));
        return new Overview(devices, gateways[0], gateways[1], gateways[2], failedJobs);
    }
}
