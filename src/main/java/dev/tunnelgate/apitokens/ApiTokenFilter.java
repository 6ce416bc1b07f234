package dev.tunnelgate.apitokens;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bearer personal access tokens; no session is created or read. A request without an Authorization header goes on
 * unauthenticated (and the chain refuses it); one with a bad token is refused here.
 */
final class ApiTokenFilter extends OncePerRequestFilter {
    private static final String PREFIX = "Bearer ";

    private final ApiTokenAuthenticator authenticator;
    private final SecurityContextHolderStrategy contexts;
    private final AuthenticationEntryPoint refusal;

    ApiTokenFilter(
            ApiTokenAuthenticator authenticator,
            SecurityContextHolderStrategy contexts,
            AuthenticationEntryPoint refusal) {
        this.authenticator = authenticator;
        this.contexts = contexts;
        this.refusal = refusal;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var header = request.getHeader("Authorization");
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        var token = header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                ? header.substring(PREFIX.length()).strip()
                : "";
        var authentication = authenticator.authenticate(token, request.getRemoteAddr());
        if (authentication.isEmpty()) {
            refusal.commence(request, response, new BadCredentialsException("invalid token"));
            return;
        }
        var context = contexts.createEmptyContext();
        context.setAuthentication(authentication.get());
        contexts.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            contexts.clearContext();
        }
    }
}
