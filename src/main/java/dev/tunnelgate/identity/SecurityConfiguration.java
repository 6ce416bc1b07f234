package dev.tunnelgate.identity;

import static com.vaadin.flow.spring.security.VaadinSecurityConfigurer.vaadin;

import com.vaadin.flow.spring.security.UidlRedirectStrategy;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * The portal's filter chain: everything needs a signed-in user unless a view says otherwise;
 * sign-in is OIDC authorization code with PKCE, sign-out also ends the IdP session. Responses carry
 * the {@link BrowserHeaders} with the portal's {@link PortalContentSecurityPolicy}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableMethodSecurity
@EnableConfigurationProperties({IdentitySettings.class, OidcSettings.class})
class SecurityConfiguration {
    static final String LOGIN_PAGE = SsoAvailabilityFilter.LOGIN_START + SsoProvider.REGISTRATION_ID;

    /** Before every other filter, so it also covers the paths Vaadin keeps out of the security chain. */
    @Bean
    FilterRegistrationBean<FrameworkPathSessionGuard> frameworkPathSessionGuard() {
        var registration = new FilterRegistrationBean<>(FrameworkPathSessionGuard.forVaadin());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    @Order(100)
    SecurityFilterChain portalSecurityFilterChain(
            HttpSecurity http,
            ClientRegistrationRepository registrations,
            OidcLoginUserService loginUserService,
            PortalContentSecurityPolicy contentSecurityPolicy,
            UserDirectory userDirectory,
            SignInFailures signInFailures)
            throws Exception {
        var resolver = new DefaultOAuth2AuthorizationRequestResolver(
                registrations, OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
        // PKCE (S256) also for confidential clients; state and nonce are Spring Security's defaults.
        resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());

        var logoutSuccess = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        logoutSuccess.setPostLogoutRedirectUri("{baseUrl}/");
        // Sign-out starts in a Vaadin request: the redirect to the IdP must reach the browser, not the XHR.
        logoutSuccess.setRedirectStrategy(new UidlRedirectStrategy());

        // The favicon is a static file for every browser tab, signed in or not (it needs no session).
        http.authorizeHttpRequests(auth -> auth.requestMatchers(LoginErrorController.PATH, "/error", "/favicon.ico")
                .permitAll()
                // Vaadin denies non-view paths by default; the config download is for signed-in users,
                // and the device service decides whose config it is.
                .requestMatchers(HttpMethod.GET, "/devices/*/config", "/devices/*/next-config")
                .authenticated());
        http.oauth2Login(login -> login.loginPage(LOGIN_PAGE)
                .clientRegistrationRepository(registrations)
                .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(resolver))
                .userInfoEndpoint(userInfo -> userInfo.oidcUserService(loginUserService))
                .failureHandler(new LoginFailureHandler(signInFailures)));
        http.headers(BrowserHeaders.with(contentSecurityPolicy));
        http.addFilterBefore(
                new SsoAvailabilityFilter(registrations, signInFailures),
                OAuth2AuthorizationRequestRedirectFilter.class);
        // An account offboarded while signed in loses its session on its next request.
        http.addFilterBefore(new OffboardedSessionGuard(userDirectory), AuthorizationFilter.class);
        // Vaadin denies every other path (a signed-in user got a bare 403 for a mistyped address). Signed in, such a
        // path reaches the router, which shows the not-found page with a 404; anonymous requests are sent to sign-in
        // whether the path exists or not, so they learn nothing about which paths do.
        http.with(
                vaadin(),
                vaadin -> vaadin.oauth2LoginPage(LOGIN_PAGE, "{baseUrl}/")
                        .logoutSuccessHandler(logoutSuccess)
                        .anyRequest(AuthorizeHttpRequestsConfigurer.AuthorizedUrl::authenticated));
        return http.build();
    }
}
