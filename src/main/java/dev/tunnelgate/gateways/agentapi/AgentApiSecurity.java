package dev.tunnelgate.gateways.agentapi;

import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * The agent API's own chain, ahead of the portal's: member credentials only, stateless, no CSRF (no browser
 * and no cookie is involved), no redirects to a login page.
 */
@Configuration(proxyBeanMethods = false)
class AgentApiSecurity {
    static final String PATH = "/api/agent/v1";

    @Bean
    @Order(10)
    SecurityFilterChain agentApiSecurityFilterChain(
            HttpSecurity http,
            AgentAuthenticator authenticator,
            SecurityContextHolderStrategy contexts,
            AgentApiMetrics metrics)
            throws Exception {
        http.securityMatcher("/api/agent/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> anonymous.disable())
                .logout(logout -> logout.disable())
                .exceptionHandling(errors -> errors.authenticationEntryPoint(
                                (request, response, e) -> AgentAuthenticationFilter.unauthorized(response))
                        .accessDeniedHandler(
                                (request, response, e) -> AgentAuthenticationFilter.unauthorized(response)))
                .authorizeHttpRequests(auth -> auth
                        // the long-poll answers in an async dispatch of a request that was authorized already
                        .dispatcherTypeMatchers(DispatcherType.ASYNC)
                        .permitAll()
                        .requestMatchers(PATH + "/state", PATH + "/status", PATH + "/endpoints")
                        .hasRole(AgentAuthenticationFilter.ROLE)
                        .anyRequest()
                        .denyAll())
                .addFilterBefore(
                        new AgentAuthenticationFilter(authenticator, contexts, metrics), AuthorizationFilter.class);
        return http.build();
    }
}
