package dev.tunnelgate.housekeeping;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often the scheduled tasks run and how long finished jobs are kept.
 *
 * @param lifecycleInterval how often expired and stale devices are looked for (and revoked)
 * @param pruneInterval     how often the change log and old jobs are pruned
 * @param jobRetention      finished (done or failed) jobs older than this are deleted
 */
@ConfigurationProperties("tunnelgate.housekeeping")
public record HousekeepingSettings(
        @DefaultValue("1m") Duration lifecycleInterval,
        @DefaultValue("1h") Duration pruneInterval,
        @DefaultValue("30d") Duration jobRetention) {
    public HousekeepingSettings {
        if (!lifecycleInterval.isPositive() || !pruneInterval.isPositive() || !jobRetention.isPositive()) {
            throw new IllegalArgumentException(
                    "tunnelgate.housekeeping: lifecycle-interval, prune-interval and job-retention must be positive");
        }
    }
}
