package dev.tunnelgate.devices;

import dev.tunnelgate.metrics.DatabaseGauges;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The devices' meters: devices per status (read from the database by the gauge refresher, one aggregate query), and
 * enrollments and revocations counted when their transaction commits (a refused or rolled-back one does not count).
 */
@Component
class DeviceMetrics implements DatabaseGauges {
    private final JdbcTemplate jdbc;
    private final Counter enrollments;
    private final Counter revocations;
    /** Null until the first refresh: the gauges say NaN rather than a made-up zero. */
    private volatile @Nullable Map<DeviceStatus, Long> byStatus;

    DeviceMetrics(JdbcTemplate jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        for (var status : DeviceStatus.values()) {
            Gauge.builder("tunnelgate.devices", this, metrics -> metrics.count(status))
                    .description("Devices per status")
                    .tag("status", status.name().toLowerCase(Locale.ROOT))
                    .strongReference(true)
                    .register(registry);
        }
        enrollments = Counter.builder("tunnelgate.device.enrollments")
                .description("Devices enrolled (pending or approved at once)")
                .register(registry);
        revocations = Counter.builder("tunnelgate.device.revocations")
                .description("Devices revoked, whoever revoked them")
                .register(registry);
    }

    @Override
    public void refresh() {
        var counts = new EnumMap<DeviceStatus, Long>(DeviceStatus.class);
        for (var status : DeviceStatus.values()) {
            counts.put(status, 0L);
        }
        jdbc.query("select status, count(*) from device group by status", rs -> {
            counts.put(DeviceStatus.valueOf(rs.getString(1)), rs.getLong(2));
        });
        byStatus = Map.copyOf(counts);
    }

    private double count(DeviceStatus status) {
        var counts = byStatus;
        return counts == null ? Double.NaN : counts.getOrDefault(status, 0L);
    }

    @TransactionalEventListener
    void enrolled(DeviceEnrolled event) {
        enrollments.increment();
    }

    @TransactionalEventListener
    void revoked(DeviceRevoked event) {
        revocations.increment();
    }
}
