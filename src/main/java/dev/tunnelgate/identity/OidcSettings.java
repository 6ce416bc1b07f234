package dev.tunnelgate.identity;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The external OIDC provider: discovery by issuer, or explicit endpoints. */
@ConfigurationProperties("tunnelgate.oidc")
public record OidcSettings(
        String issuerUri,
        String authorizationUri,
        String tokenUri,
        String jwkSetUri,
        String userInfoUri,
        String endSessionUri,
        String clientId,
        String clientSecret,
        List<String> scopes,
        String displayNameClaim) {

    boolean hasExplicitEndpoints() {
        return !authorizationUri.isBlank() && !tokenUri.isBlank() && !jwkSetUri.isBlank();
    }
}
