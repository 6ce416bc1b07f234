package dev.tunnelgate.scim;

import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditTarget;
import dev.tunnelgate.audit.FailureAudit;
import dev.tunnelgate.identity.Roles;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The identity provider's bearer token for SCIM; no session is created or read. A request with a missing or wrong
 * token is refused with 401 and audited (once a minute per reason, {@link FailureAudit}); while no token is
 * configured every request is answered 404.
 */
class ScimAuthenticationFilter extends OncePerRequestFilter {
    static final String ROLE = Roles.PROVISIONER;

    /** How SCIM's changes are named in the audit log. */
    static final String ACTOR = "scim";

    private static final String PREFIX = "Bearer ";

    private final ScimToken token;
    private final FailureAudit failures;
    private final SecurityContextHolderStrategy contexts;

    ScimAuthenticationFilter(ScimToken token, FailureAudit failures, SecurityContextHolderStrategy contexts) {
        this.token = token;
        this.failures = failures;
        this.contexts = contexts;
    }

    /** The provisioning client: the role {@link Roles#PROVISIONER} and no account. */
    static final class ProvisionerAuthentication extends AbstractAuthenticationToken {
        ProvisionerAuthentication() {
            super(List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return ACTOR;
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!token.configured()) {
            ScimJson.writeError(response, HttpServletResponse.SC_NOT_FOUND, null, "SCIM is not enabled");
            return;
        }
        var header = request.getHeader("Authorization");
        String reason;
        if (header == null) {
            reason = "no token";
        } else if (!header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            reason = "not a bearer token";
        } else if (!token.matches(header.substring(PREFIX.length()).strip())) {
            reason = "wrong token";
        } else {
            var context = contexts.createEmptyContext();
            context.setAuthentication(new ProvisionerAuthentication());
            contexts.setContext(context);
            try {
                chain.doFilter(request, response);
            } finally {
                contexts.clearContext();
            }
            return;
        }
        failures.refused(
                AuditAction.SCIM_AUTH_FAILED, AuditTarget.system("scim"), reason, reason, request.getRemoteAddr());
        unauthorized(response);
    }

    static void unauthorized(HttpServletResponse response) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"tunnelgate-scim\"");
        ScimJson.writeError(
                response, HttpServletResponse.SC_UNAUTHORIZED, null, "A valid SCIM bearer token is required");
    }
}
