package dev.tunnelgate.identity.devidp;

import dev.tunnelgate.identity.SsoProvider;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * Both ends of the portal's client at the embedded IdP: the IdP's registered client and the
 * portal's client registration, sharing a secret made at start-up. Built on first use, when the
 * server's port is known.
 */
class DevIdpClient implements SsoProvider, RegisteredClientRepository {
    static final String CLIENT_ID = "tunnelgate-portal";
    static final String AUTHORIZATION_PATH = "/idp/oauth2/authorize";
    static final String TOKEN_PATH = "/idp/oauth2/token";
    static final String JWKS_PATH = "/idp/oauth2/jwks";
    static final String LOGOUT_PATH = "/idp/connect/logout";

    private final Environment environment;
    private final String secret;
    private volatile @Nullable RegisteredClient registeredClient;

    DevIdpClient(Environment environment, SecureRandom random) {
        this.environment = environment;
        var bytes = new byte[32];
        random.nextBytes(bytes);
        this.secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The port the server really listens on (known once it started), else the configured one. */
    private String port() {
        return environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
    }

    @Override
    public ClientRegistration registration() {
        var base = "http://localhost:" + port();
        // Relative browser-facing URIs: the browser stays on whatever host name it used for the portal.
        return ClientRegistration.withRegistrationId(REGISTRATION_ID)
                .clientId(CLIENT_ID)
                .clientSecret(secret)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope(OidcScopes.OPENID, OidcScopes.PROFILE, OidcScopes.EMAIL)
                .authorizationUri(AUTHORIZATION_PATH)
                .tokenUri(base + TOKEN_PATH)
                .jwkSetUri(base + JWKS_PATH)
                .userNameAttributeName("sub")
                .providerConfigurationMetadata(Map.of("end_session_endpoint", LOGOUT_PATH))
                .clientName("Tunnelgate dev IdP")
                .build();
    }

    /** The IdP takes its issuer from the address the portal fetches tokens at (no issuer is configured). */
    @Override
    public Optional<String> issuer() {
        return Optional.of("http://localhost:" + port());
    }

    private RegisteredClient registeredClient() {
        var current = registeredClient;
        if (current == null) {
            var port = port();
            var builder = RegisteredClient.withId(CLIENT_ID)
                    .clientId(CLIENT_ID)
                    .clientSecret("{noop}" + secret)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .scope(OidcScopes.OPENID)
                    .scope(OidcScopes.PROFILE)
                    .scope(OidcScopes.EMAIL)
                    .clientSettings(ClientSettings.builder()
                            .requireProofKey(true)
                            .requireAuthorizationConsent(false)
                            .build());
            for (var host : new String[] {"localhost", "127.0.0.1", "[::1]"}) {
                builder.redirectUri("http://%s:%s/login/oauth2/code/%s".formatted(host, port, REGISTRATION_ID));
                builder.postLogoutRedirectUri("http://%s:%s/".formatted(host, port));
            }
            current = builder.build();
            registeredClient = current;
        }
        return current;
    }

    @Override
    public void save(RegisteredClient client) {
        // The IdP saves the client back after re-encoding its secret; other clients do not exist.
        if (!CLIENT_ID.equals(client.getId())) {
            throw new IllegalArgumentException("The dev IdP has one fixed client");
        }
        registeredClient = client;
    }

    @Override
    public @Nullable RegisteredClient findById(String id) {
        return CLIENT_ID.equals(id) ? registeredClient() : null;
    }

    @Override
    public @Nullable RegisteredClient findByClientId(String clientId) {
        return CLIENT_ID.equals(clientId) ? registeredClient() : null;
    }
}
