package dev.tunnelgate.api;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.util.function.Function;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * The REST API's own chain, ahead of the portal's: personal access tokens only (a browser session does not reach
 * the API, so no CSRF token is needed and none is checked), stateless, no redirects. Reading needs any valid token;
 * every other method needs a read-write one. What a user may do is then decided by the services, as for the views.
 */
public final class ApiSecurity {
    public static final String PATH = "/api/v1";

    /** Requests that change nothing although they are POSTs: a read-only token may send them. */
    public static final String[] READING_POSTS = {PATH + "/config/diff"};

    private ApiSecurity() {}

    /**
     * The chain, with the filter that authenticates tokens (made from the chain's 401 answer, which it sends for a
     * bad token). {@code writeAuthority} is what a read-write token holds.
     */
    public static SecurityFilterChain chain(
            HttpSecurity http, Function<AuthenticationEntryPoint, Filter> tokenFilter, String writeAuthority)
            throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"tunnelgate-api\"");
            Problems.write(
                    response,
                    HttpStatus.UNAUTHORIZED,
                    "unauthorized",
                    "A valid API token is required (Authorization: Bearer ...)");
        };
        http.securityMatcher(PATH + "/**", PATH)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> anonymous.disable())
                .logout(logout -> logout.disable())
                .exceptionHandling(errors -> errors.authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler((request, response, e) -> Problems.write(
                                response,
                                HttpStatus.FORBIDDEN,
                                "read-only-token",
                                "This token is read-only; the request needs a read-write token")))
                .authorizeHttpRequests(auth -> auth.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(HttpMethod.GET)
                        .authenticated()
                        .requestMatchers(HttpMethod.HEAD)
                        .authenticated()
                        .requestMatchers(HttpMethod.POST, READING_POSTS)
                        .authenticated()
                        .anyRequest()
                        .hasAuthority(writeAuthority))
                .addFilterBefore(tokenFilter.apply(unauthorized), AuthorizationFilter.class)
                .addFilterBefore(new BodyLimitFilter(), AuthorizationFilter.class);
        return http.build();
    }
}
