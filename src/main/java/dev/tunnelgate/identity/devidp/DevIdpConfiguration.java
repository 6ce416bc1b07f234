package dev.tunnelgate.identity.devidp;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.tunnelgate.identity.BrowserHeaders;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * An OIDC provider inside the portal, so that a fresh clone signs in through the real redirect
 * flow. Its chain keeps its own security context and saved request in the session, apart from
 * the portal's, or the two logins would overwrite each other.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tunnelgate.dev-idp.enabled", havingValue = "true")
class DevIdpConfiguration {
    private static final Logger log = LoggerFactory.getLogger(DevIdpConfiguration.class);
    static final String LOGIN_PATH = "/idp/login";

    DevIdpConfiguration(Environment environment) {
        if (environment.acceptsProfiles(Profiles.of("production"))) {
            throw new IllegalStateException("""
                    The embedded dev IdP (demo users with public passwords) is enabled in the production profile. \
                    Set TUNNELGATE_DEV_IDP_ENABLED=false and configure your OIDC provider (TUNNELGATE_OIDC_*).""");
        }
    }

    @Bean
    DevIdpClient devIdpClient(Environment environment) {
        return new DevIdpClient(environment, new SecureRandom());
    }

    @Bean
    @Order(1)
    SecurityFilterChain devIdpSecurityFilterChain(HttpSecurity http) throws Exception {
        http.oauth2AuthorizationServer(server -> server.oidc(oidc -> {}));
        var endpoints =
                http.getConfigurer(OAuth2AuthorizationServerConfigurer.class).getEndpointsMatcher();
        var idpPages = PathPatternRequestMatcher.withDefaults().matcher("/idp/**");
        var securityContext = new HttpSessionSecurityContextRepository();
        securityContext.setSpringSecurityContextKey("TUNNELGATE_DEV_IDP_SECURITY_CONTEXT");
        var requestCache = new HttpSessionRequestCache();
        requestCache.setSessionAttrName("TUNNELGATE_DEV_IDP_SAVED_REQUEST");

        http.securityMatcher(new OrRequestMatcher(endpoints, idpPages))
                .authorizeHttpRequests(auth -> auth.requestMatchers(LOGIN_PATH)
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .userDetailsService(demoUsers())
                .formLogin(form -> form.loginPage(LOGIN_PATH).loginProcessingUrl(LOGIN_PATH))
                .securityContext(context -> context.securityContextRepository(securityContext))
                .requestCache(cache -> cache.requestCache(requestCache))
                .csrf(csrf -> csrf.ignoringRequestMatchers(endpoints))
                .headers(BrowserHeaders.with(new ContentSecurityPolicyHeaderWriter(contentSecurityPolicy())))
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint(LOGIN_PATH),
                        new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    /**
     * The IdP's pages have no script and one style element. form-action also governs the redirects
     * that follow the posted sign-in form: to the client's redirect URI on this host, or on another
     * port of 127.0.0.1, where the IdP accepts any port (RFC 8252) for a second portal on this machine.
     */
    private static String contentSecurityPolicy() {
        return String.join(
                "; ",
                "default-src 'none'",
                "style-src 'sha256-" + sha256(DevIdpLoginPage.STYLE) + "'",
                "img-src 'self'",
                "form-action 'self' http://127.0.0.1:*",
                "frame-ancestors 'none'",
                "base-uri 'none'");
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static UserDetailsService demoUsers() {
        return new InMemoryUserDetailsManager(DemoUser.ALL.stream()
                .map(u -> User.withUsername(u.username())
                        .password("{noop}" + u.password())
                        .roles("DEMO")
                        .build())
                .toList());
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings() {
        return AuthorizationServerSettings.builder()
                .authorizationEndpoint(DevIdpClient.AUTHORIZATION_PATH)
                .tokenEndpoint(DevIdpClient.TOKEN_PATH)
                .jwkSetEndpoint(DevIdpClient.JWKS_PATH)
                .oidcLogoutEndpoint(DevIdpClient.LOGOUT_PATH)
                .oidcUserInfoEndpoint("/idp/userinfo")
                .tokenRevocationEndpoint("/idp/oauth2/revoke")
                .tokenIntrospectionEndpoint("/idp/oauth2/introspect")
                .pushedAuthorizationRequestEndpoint("/idp/oauth2/par")
                .deviceAuthorizationEndpoint("/idp/oauth2/device_authorization")
                .deviceVerificationEndpoint("/idp/oauth2/device_verification")
                .oidcClientRegistrationEndpoint("/idp/connect/register")
                .build();
    }

    /** Puts name, e-mail and groups into the ID token, as a company IdP would. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> devIdpTokenClaims(Environment environment) {
        return context -> {
            if (!OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                return;
            }
            var principal = context.getPrincipal();
            if (principal == null) {
                return;
            }
            DemoUser.byUsername(principal.getName())
                    .ifPresent(user -> context.getClaims()
                            .claim("name", user.name())
                            .claim("preferred_username", user.username())
                            .claim("email", user.email())
                            .claim("groups", user.groups(environment)));
        };
    }

    /** A signing key made at each start: tokens of an earlier run are worthless, as they should be. */
    @Bean
    JWKSource<SecurityContext> devIdpJwkSource() throws NoSuchAlgorithmException {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var keyPair = generator.generateKeyPair();
        var key = new RSAKey.Builder((RSAPublicKey) keyPair.getPublic())
                .privateKey((RSAPrivateKey) keyPair.getPrivate())
                .keyID(UUID.randomUUID().toString())
                .build();
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    /** The IdP's user-info endpoint checks its own access tokens with this. */
    @Bean
    JwtDecoder devIdpJwtDecoder(JWKSource<SecurityContext> jwkSource) {
        return NimbusJwtDecoder.withJwkSource(jwkSource).build();
    }

    @Bean
    ApplicationRunner announceDemoUsers(Environment environment) {
        return args -> {
            var port = environment.getProperty("local.server.port", "8080");
            log.warn(
                    "Embedded dev IdP is ON (never use it in production). Open http://localhost:{}/ and sign in as:",
                    port);
            DemoUser.ALL.forEach(u -> log.warn(
                    "  {} / {}  ({}, groups {})",
                    u.username(),
                    u.password(),
                    u.role(),
                    Arrays.toString(u.groups(environment).toArray())));
        };
    }
}
