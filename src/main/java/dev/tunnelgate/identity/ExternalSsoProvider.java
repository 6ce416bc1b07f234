package dev.tunnelgate.identity;

import java.util.HashMap;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.stereotype.Component;

/** The company's OIDC provider, from tunnelgate.oidc.* (TUNNELGATE_OIDC_* in the environment). */
@Component
@ConditionalOnProperty(name = "tunnelgate.dev-idp.enabled", havingValue = "false", matchIfMissing = true)
class ExternalSsoProvider implements SsoProvider {
    private final OidcSettings settings;

    ExternalSsoProvider(OidcSettings settings) {
        if (settings.clientId().isBlank() || (settings.issuerUri().isBlank() && !settings.hasExplicitEndpoints())) {
            throw new IllegalStateException("""
                    No identity provider is configured. Set TUNNELGATE_OIDC_CLIENT_ID, TUNNELGATE_OIDC_CLIENT_SECRET \
                    and either TUNNELGATE_OIDC_ISSUER_URI or TUNNELGATE_OIDC_AUTHORIZATION_URI, \
                    TUNNELGATE_OIDC_TOKEN_URI and TUNNELGATE_OIDC_JWK_SET_URI \
                    (or, for a local trial only, TUNNELGATE_DEV_IDP_ENABLED=true).""");
        }
        this.settings = settings;
    }

    @Override
    public ClientRegistration registration() {
        var builder = settings.hasExplicitEndpoints() ? explicit() : discovered();
        return builder.registrationId(REGISTRATION_ID)
                .clientId(settings.clientId())
                .clientSecret(settings.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope(settings.scopes())
                .clientName("Single sign-on")
                .build();
    }

    /** Discovery checks that the provider's metadata names this issuer, so its tokens carry it too. */
    @Override
    public Optional<String> issuer() {
        return settings.issuerUri().isBlank() ? Optional.empty() : Optional.of(settings.issuerUri());
    }

    private ClientRegistration.Builder discovered() {
        try {
            return ClientRegistrations.fromIssuerLocation(settings.issuerUri());
        } catch (RuntimeException e) {
            throw new IdpUnavailableException("OIDC discovery at " + settings.issuerUri() + " failed", e);
        }
    }

    private ClientRegistration.Builder explicit() {
        var metadata = new HashMap<String, Object>();
        if (!settings.endSessionUri().isBlank()) {
            metadata.put("end_session_endpoint", settings.endSessionUri());
        }
        var builder = ClientRegistration.withRegistrationId(REGISTRATION_ID)
                .authorizationUri(settings.authorizationUri())
                .tokenUri(settings.tokenUri())
                .jwkSetUri(settings.jwkSetUri())
                .userNameAttributeName("sub")
                .providerConfigurationMetadata(metadata);
        if (!settings.userInfoUri().isBlank()) {
            builder.userInfoUri(settings.userInfoUri());
        }
        if (!settings.issuerUri().isBlank()) {
            builder.issuerUri(settings.issuerUri());
        }
        return builder;
    }
}
