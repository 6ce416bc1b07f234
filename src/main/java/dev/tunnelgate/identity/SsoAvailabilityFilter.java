package dev.tunnelgate.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/** Turns "the IdP cannot be reached" at the start of a login into the login error page instead of a 500. */
class SsoAvailabilityFilter extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(SsoAvailabilityFilter.class);
    static final String LOGIN_START = "/oauth2/authorization/";

    private final ClientRegistrationRepository registrations;
    private final SignInFailures failures;

    SsoAvailabilityFilter(ClientRegistrationRepository registrations, SignInFailures failures) {
        this.registrations = registrations;
        this.failures = failures;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + LOGIN_START);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            registrations.findByRegistrationId(SsoProvider.REGISTRATION_ID);
        } catch (IdpUnavailableException e) {
            failures.failed("idp_unavailable");
            log.warn("Sign-in failed: {} ({})", e.getMessage(), String.valueOf(e.getCause()));
            response.sendRedirect(request.getContextPath() + LoginErrorController.PATH + "?error=idp_unavailable");
            return;
        }
        chain.doFilter(request, response);
    }
}
