package dev.tunnelgate.metrics;

import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.EndpointFilter;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Where the metrics can be read. Never on the portal's own port, whoever asks (no sign-in, API token or gateway
 * credential opens it): that port faces employees' browsers and often the internet, and there the endpoint is not
 * mapped at all. With {@code management.server.port} set, the actuator runs on that port alone, bound to
 * {@code management.server.address} (loopback unless the operator chooses another), and whoever reaches that port may
 * read it without credentials, as Prometheus scrapes: the address it is bound to is its protection.
 */
@Configuration(proxyBeanMethods = false)
class MetricsSecurity {
    static final EndpointId PROMETHEUS = EndpointId.of("prometheus");

    /** The scrape endpoint exists only on a management port of its own. */
    @Bean
    EndpointFilter<ExposableWebEndpoint> prometheusOnlyOnManagementPort(Environment environment) {
        boolean ownPort = ManagementPortType.get(environment) == ManagementPortType.DIFFERENT;
        return endpoint -> ownPort || !endpoint.getEndpointId().equals(PROMETHEUS);
    }

    /** Requests that arrived on the management port (Spring Boot's EndpointRequest tells the ports apart). */
    @Bean
    @Order(50)
    @ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
    SecurityFilterChain managementPortSecurityFilterChain(HttpSecurity http) throws Exception {
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout.disable())
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }
}
