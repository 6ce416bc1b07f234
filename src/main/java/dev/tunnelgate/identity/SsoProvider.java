package dev.tunnelgate.identity;

import org.springframework.security.oauth2.client.registration.ClientRegistration;

/** Where users sign in: the embedded dev IdP or the company's OIDC provider. */
public interface SsoProvider {
    /** The one registration id; the login starts at /oauth2/authorization/sso. */
    String REGISTRATION_ID = "sso";

    /**
     * Builds the client registration; may contact the provider (discovery), so it is called
     * at the first sign-in, not at start-up.
     *
     * @throws IdpUnavailableException when the provider cannot be reached
     */
    ClientRegistration registration();
}
