package dev.tunnelgate.scim;

import dev.tunnelgate.identity.SsoProvider;
import org.springframework.stereotype.Component;

/**
 * The issuer of the accounts SCIM provisions: {@code tunnelgate.scim.issuer}, or else the issuer of the sign-in
 * provider, so that a provisioned account and the person's sign-in share (issuer, subject). SCIM that is on without
 * any known issuer stops the portal at start-up.
 */
@Component
class ScimIssuer {
    private final ScimSettings settings;
    private final SsoProvider provider;

    ScimIssuer(ScimSettings settings, SsoProvider provider, ScimToken token) {
        this.settings = settings;
        this.provider = provider;
        if (token.configured()
                && settings.issuer().isBlank()
                && provider.issuer().isEmpty()) {
            throw new IllegalStateException("""
                    SCIM is on but no issuer is known for the accounts it provisions. \
                    Set TUNNELGATE_SCIM_ISSUER to the issuer of your identity provider's ID tokens \
                    (or TUNNELGATE_OIDC_ISSUER_URI).""");
        }
    }

    String get() {
        if (!settings.issuer().isBlank()) {
            return settings.issuer();
        }
        return provider.issuer().orElseThrow(() -> new IllegalStateException("No issuer for SCIM"));
    }
}
