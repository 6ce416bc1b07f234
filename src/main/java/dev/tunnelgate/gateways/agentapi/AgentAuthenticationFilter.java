package dev.tunnelgate.gateways.agentapi;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/** Bearer member credentials for the agent API; no session is created or read. */
class AgentAuthenticationFilter extends OncePerRequestFilter {
    static final String ROLE = "GATEWAY_AGENT";
    private static final String PREFIX = "Bearer ";

    private final AgentAuthenticator authenticator;
    private final SecurityContextHolderStrategy contexts;
    private final AgentApiMetrics metrics;

    AgentAuthenticationFilter(
            AgentAuthenticator authenticator, SecurityContextHolderStrategy contexts, AgentApiMetrics metrics) {
        this.authenticator = authenticator;
        this.contexts = contexts;
        this.metrics = metrics;
    }

    static final class AgentAuthentication extends AbstractAuthenticationToken {
        private final AgentPrincipal principal;

        AgentAuthentication(AgentPrincipal principal) {
            super(List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
            this.principal = principal;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public AgentPrincipal getPrincipal() {
            return principal;
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        metrics.request(pathWithinApi(request));
        var header = request.getHeader("Authorization");
        var token = header != null && header.startsWith(PREFIX)
                ? header.substring(PREFIX.length()).strip()
                : "";
        var principal = authenticator.authenticate(token, request.getRemoteAddr());
        if (principal.isEmpty()) {
            metrics.refused(AgentApiMetrics.CREDENTIAL);
            unauthorized(response);
            return;
        }
        var context = contexts.createEmptyContext();
        context.setAuthentication(new AgentAuthentication(principal.get()));
        contexts.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            contexts.clearContext();
        }
    }

    private static String pathWithinApi(HttpServletRequest request) {
        var path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith(AgentApiSecurity.PATH) ? path.substring(AgentApiSecurity.PATH.length()) : path;
    }

    static void unauthorized(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer realm=\"tunnelgate-agent\"");
        response.setContentType("text/plain;charset=utf-8");
        response.getOutputStream().write("invalid or missing gateway credential\n".getBytes(StandardCharsets.UTF_8));
    }
}
