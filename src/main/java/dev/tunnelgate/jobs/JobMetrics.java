package dev.tunnelgate.jobs;

import dev.tunnelgate.metrics.DatabaseGauges;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The job queue's meters: jobs queued, running and failed (read from the database by the gauge refresher), and how
 * long a change took until every member of its gateway group acknowledged it: from the job's creation, in the
 * transaction of the first change it carries, until the attempt that saw every member at its target revision. A job
 * that took over later changes of its group measures from its first. Per group, labelled by the group's id.
 */
@Component
class JobMetrics implements DatabaseGauges {
    private static final List<JobStatus> OPEN_OR_FAILED =
            List.of(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.FAILED);
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        Duration.ofMinutes(5),
        Duration.ofMinutes(30)
    };

    private final JdbcTemplate jdbc;
    private final MeterRegistry registry;
    private volatile @Nullable Map<JobStatus, Long> byStatus;

    JobMetrics(JdbcTemplate jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.registry = registry;
        for (var status : OPEN_OR_FAILED) {
            Gauge.builder("tunnelgate.jobs", this, metrics -> metrics.count(status))
                    .description("Gateway jobs queued (also between attempts), running, or failed (given up)")
                    .tag("status", status.name().toLowerCase(Locale.ROOT))
                    .strongReference(true)
                    .register(registry);
        }
    }

    @Override
    public void refresh() {
        var counts = new EnumMap<JobStatus, Long>(JobStatus.class);
        OPEN_OR_FAILED.forEach(status -> counts.put(status, 0L));
        jdbc.query(
                "select status, count(*) from gateway_job where status in ('QUEUED', 'RUNNING', 'FAILED') group by status",
                rs -> {
                    counts.put(JobStatus.valueOf(rs.getString(1)), rs.getLong(2));
                });
        byStatus = Map.copyOf(counts);
    }

    private double count(JobStatus status) {
        var counts = byStatus;
        return counts == null ? Double.NaN : counts.getOrDefault(status, 0L);
    }

    /** Every member of group {@code groupId} acknowledged the job's target, {@code took} after the job was created. */
    void delivered(long groupId, Duration took) {
        Timer.builder("tunnelgate.gateway.delivery")
                .description("From a change until every member of the gateway group acknowledged it")
                .tag("group", String.valueOf(groupId))
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(took.isNegative() ? Duration.ZERO : took);
    }
}
