package dev.tunnelgate.identity;

import java.util.Optional;
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

    /**
     * The issuer its ID tokens carry ({@code iss}), which accounts are keyed by together with the subject; empty when
     * it is known only from a token (explicit endpoints without an issuer URI).
     */
    Optional<String> issuer();
}
