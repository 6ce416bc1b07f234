package dev.tunnelgate.scim;

import dev.tunnelgate.audit.FailureAudit;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * The SCIM endpoint's own chain, ahead of the portal's: the identity provider's bearer token only, stateless, no CSRF
 * (no browser and no cookie is involved), no redirects. Without a configured token every path answers 404, as if
 * there were no SCIM endpoint.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ScimSettings.class)
class ScimSecurity {
    static final String PATH = "/scim/v2";

    @Bean
    @Order(15)
    SecurityFilterChain scimSecurityFilterChain(
            HttpSecurity http, ScimToken token, FailureAudit failures, SecurityContextHolderStrategy contexts)
            throws Exception {
        http.securityMatcher(PATH, PATH + "/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> anonymous.disable())
                .logout(logout -> logout.disable())
                .exceptionHandling(errors -> errors.authenticationEntryPoint(
                                (request, response, e) -> ScimAuthenticationFilter.unauthorized(response))
                        .accessDeniedHandler((request, response, e) -> ScimAuthenticationFilter.unauthorized(response)))
                .authorizeHttpRequests(auth -> auth.dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .anyRequest()
                        .hasRole(ScimAuthenticationFilter.ROLE))
                .addFilterBefore(new ScimAuthenticationFilter(token, failures, contexts), AuthorizationFilter.class);
        return http.build();
    }
}
