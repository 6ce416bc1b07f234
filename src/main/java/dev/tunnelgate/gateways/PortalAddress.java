package dev.tunnelgate.gateways;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where this portal is reached from outside. Bound at start-up: a value that is no usable URL stops the portal with
 * the property's name and the reason (see {@link PublicUrl#valueOf}); empty means not set.
 *
 * @param publicUrl {@code tunnelgate.public-url}, the address agents reach the portal at
 */
@ConfigurationProperties("tunnelgate")
public record PortalAddress(@Nullable String publicUrl) {
    public PortalAddress {
        if (publicUrl != null && !publicUrl.isBlank()) {
            PublicUrl.valueOf(publicUrl);
        }
    }

    /** The configured address, or empty when the property is not set. */
    public Optional<PublicUrl> configured() {
        return publicUrl == null || publicUrl.isBlank() ? Optional.empty() : Optional.of(PublicUrl.valueOf(publicUrl));
    }
}
