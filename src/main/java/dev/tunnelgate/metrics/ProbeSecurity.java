package dev.tunnelgate.metrics;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The load balancer's probes on the portal's own port: {@code /livez} and {@code /readyz} (Spring Boot's liveness and
 * readiness groups at additional paths) answer anyone, with a status and nothing more (no components, no details),
 * and without a session. No other actuator endpoint is opened by this: they stay on the management port.
 */
@Configuration(proxyBeanMethods = false)
class ProbeSecurity {
    static final String LIVENESS = "/livez";
    static final String READINESS = "/readyz";

    @Bean
    @Order(40)
    SecurityFilterChain probeSecurityFilterChain(HttpSecurity http) throws Exception {
        RequestMatcher probes =
                request -> (HttpMethod.GET.matches(request.getMethod()) || HttpMethod.HEAD.matches(request.getMethod()))
                        && (LIVENESS.equals(path(request)) || READINESS.equals(path(request)));
        http.securityMatcher(probes)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout.disable())
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }

    private static String path(jakarta.servlet.http.HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
