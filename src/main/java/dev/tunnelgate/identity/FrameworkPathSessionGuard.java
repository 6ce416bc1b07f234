package dev.tunnelgate.identity;

import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Framework paths (/VAADIN/**, ?v-r=…, PWA files) are open to anonymous requests so that
 * static assets load. Only static assets should: a request without a session that would make
 * the framework create one (a bootstrap of "/VAADIN", an init request) is answered 404 instead,
 * so such paths neither reach application code nor fill the server with sessions.
 */
class FrameworkPathSessionGuard extends OncePerRequestFilter {
    private final RequestMatcher frameworkPaths;

    FrameworkPathSessionGuard(RequestMatcher frameworkPaths) {
        this.frameworkPaths = frameworkPaths;
    }

    /**
     * Everything Vaadin lets through without a login: its public resources (also the ones it
     * keeps out of the security chain entirely), "/VAADIN" itself, and internal requests (?v-r=).
     */
    static FrameworkPathSessionGuard forVaadin() {
        RequestMatcher internalRequest = request -> {
            var query = request.getQueryString();
            return query != null && (query.startsWith("v-r=") || query.contains("&v-r="));
        };
        RequestMatcher vaadinFolder = request -> {
            var path =
                    request.getRequestURI().substring(request.getContextPath().length());
            return path.equals("/VAADIN") || path.startsWith("/VAADIN/") || path.startsWith("/VAADIN;");
        };
        return new FrameworkPathSessionGuard(new OrRequestMatcher(
                VaadinSecurityConfigurer.getDefaultHttpSecurityPermitMatcher(),
                VaadinSecurityConfigurer.getDefaultWebSecurityIgnoreMatcher(),
                internalRequest,
                vaadinFolder));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.isRequestedSessionIdValid() || !frameworkPaths.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(new SessionlessRequest(request), response);
        } catch (RuntimeException | ServletException | IOException e) {
            if (!causedByRefusal(e)) {
                throw e;
            }
            if (!response.isCommitted()) {
                response.reset();
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
            }
        }
    }

    private static boolean causedByRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SessionRefused) {
                return true;
            }
        }
        return false;
    }

    private static final class SessionlessRequest extends HttpServletRequestWrapper {
        SessionlessRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public @Nullable HttpSession getSession() {
            return getSession(true);
        }

        @Override
        public @Nullable HttpSession getSession(boolean create) {
            if (create) {
                throw new SessionRefused();
            }
            return null;
        }
    }

    private static final class SessionRefused extends RuntimeException {
        SessionRefused() {
            super("No session for anonymous framework requests", null, false, false);
        }
    }
}
