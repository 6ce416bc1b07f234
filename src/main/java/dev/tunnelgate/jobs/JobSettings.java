package dev.tunnelgate.jobs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long one attempt waits for every member's acknowledgement, how often it looks, and how
 * failed attempts are retried: after {@code retryDelay}, then {@code retryMultiplier} times longer
 * each time, until {@code maxAttempts} attempts have failed and the job is FAILED.
 */
@ConfigurationProperties("tunnelgate.jobs")
public record JobSettings(
        @DefaultValue("10s") Duration ackTimeout,
        @DefaultValue("100ms") Duration pollInterval,
        @DefaultValue("5s") Duration retryDelay,
        @DefaultValue("2") double retryMultiplier,
        @DefaultValue("8") int maxAttempts) {
    /** No retry waits longer, whatever the multiplier and the number of attempts. */
    static final Duration MAX_RETRY_DELAY = Duration.ofHours(1);

    public JobSettings {
        if (!ackTimeout.isPositive() || !pollInterval.isPositive() || retryDelay.isNegative()) {
            throw new IllegalArgumentException("tunnelgate.jobs: ack-timeout and poll-interval must be positive,"
                    + " retry-delay must not be negative");
        }
        if (retryMultiplier < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException(
                    "tunnelgate.jobs: retry-multiplier must be at least 1, max-attempts at least 1");
        }
    }

    /** The wait before the next attempt, after {@code failedAttempts} attempts failed (at least 1). */
    Duration retryDelayAfter(int failedAttempts) {
        var millis = retryDelay.toMillis() * Math.pow(retryMultiplier, Math.max(0, failedAttempts - 1));
        return millis >= MAX_RETRY_DELAY.toMillis() ? MAX_RETRY_DELAY : Duration.ofMillis(Math.round(millis));
    }
}
