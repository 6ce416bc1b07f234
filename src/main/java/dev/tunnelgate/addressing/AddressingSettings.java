package dev.tunnelgate.addressing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a released address rests before another device gets it: peers and firewalls that still
 * remember the old device must not send its traffic to the new one.
 */
@ConfigurationProperties("tunnelgate.addressing")
public record AddressingSettings(@DefaultValue("7d") Duration quarantine) {
    public AddressingSettings {
        if (quarantine.isNegative()) {
            throw new IllegalArgumentException(
                    "tunnelgate.addressing.quarantine must not be negative, was " + quarantine);
        }
    }
}
