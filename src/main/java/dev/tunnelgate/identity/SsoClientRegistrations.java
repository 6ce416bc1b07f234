package dev.tunnelgate.identity;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Component;

/** Resolves the SSO registration on first use and keeps it once it worked, so start-up never waits for the IdP. */
@Component
class SsoClientRegistrations implements ClientRegistrationRepository {
    private final SsoProvider provider;
    private volatile @Nullable ClientRegistration registration;

    SsoClientRegistrations(SsoProvider provider) {
        this.provider = provider;
    }

    @Override
    public @Nullable ClientRegistration findByRegistrationId(String registrationId) {
        if (!SsoProvider.REGISTRATION_ID.equals(registrationId)) {
            return null;
        }
        var current = registration;
        if (current == null) {
            current = provider.registration();
            registration = current;
        }
        return current;
    }
}
