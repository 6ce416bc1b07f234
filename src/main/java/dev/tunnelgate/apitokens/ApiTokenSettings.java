package dev.tunnelgate.apitokens;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What operators allow for personal access tokens.
 *
 * @param maxLifetime the longest expiry a user may choose (and the default one)
 * @param maxPerUser how many usable tokens one user may hold at a time
 */
@ConfigurationProperties("tunnelgate.api.tokens")
public record ApiTokenSettings(
        @DefaultValue("90d") Duration maxLifetime,
        @DefaultValue("20") int maxPerUser) {
    public ApiTokenSettings {
        if (maxLifetime.compareTo(Duration.ofDays(1)) < 0 || maxLifetime.compareTo(Duration.ofDays(3650)) > 0) {
            throw new IllegalArgumentException("tunnelgate.api.tokens.max-lifetime must be between 1 day and 10 years");
        }
        if (maxPerUser < 1 || maxPerUser > 1000) {
            throw new IllegalArgumentException("tunnelgate.api.tokens.max-per-user must be between 1 and 1000");
        }
    }
}
