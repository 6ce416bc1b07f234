package dev.tunnelgate.identity;

import com.vaadin.flow.spring.security.UidlRedirectStrategy;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends the session of a user who was offboarded while signed in: on the next request, the session is invalidated and
 * the browser sent to the sign-in error page (a Vaadin request gets the redirect as Vaadin's client expects it). The
 * check is one primary-key read per request of a signed-in user; services refuse an offboarded user on their own too.
 */
class OffboardedSessionGuard extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(OffboardedSessionGuard.class);

    private final UserDirectory users;
    private final UidlRedirectStrategy redirects = new UidlRedirectStrategy();

    OffboardedSessionGuard(UserDirectory users) {
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null
                && authentication.getPrincipal() instanceof PortalUser user
                && users.isOffboarded(user.userId())) {
            log.info("Session of offboarded user {} ended", user.userId());
            var session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            SecurityContextHolder.clearContext();
            redirects.sendRedirect(
                    request,
                    response,
                    request.getContextPath() + LoginErrorController.PATH + "?error="
                            + OidcLoginUserService.ACCOUNT_OFFBOARDED);
            return;
        }
        chain.doFilter(request, response);
    }
}
