package dev.tunnelgate.metrics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param refreshInterval how often the gauges read from the database are read again */
@ConfigurationProperties("tunnelgate.metrics")
public record MetricsSettings(@DefaultValue("10s") Duration refreshInterval) {
    public MetricsSettings {
        if (refreshInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("tunnelgate.metrics.refresh-interval must be at least 1s");
        }
    }
}
