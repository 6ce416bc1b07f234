package dev.tunnelgate.identity;

import dev.tunnelgate.text.SafeText;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/** Logs why a sign-in failed (for the operator) and shows the user the error page with the OAuth2 error code. */
class LoginFailureHandler implements AuthenticationFailureHandler {
    private static final Logger log = LoggerFactory.getLogger(LoginFailureHandler.class);

    private final SignInFailures failures;

    LoginFailureHandler(SignInFailures failures) {
        this.failures = failures;
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        var code = exception instanceof OAuth2AuthenticationException oauth
                ? oauth.getError().getErrorCode()
                : "login_failed";
        var description = exception instanceof OAuth2AuthenticationException oauth
                ? oauth.getError().getDescription()
                : null;
        failures.failed(code);
        log.warn(
                "Sign-in failed: {} ({})",
                LoginErrorController.safeCode(code),
                description == null ? exception.getClass().getSimpleName() : SafeText.oneLine(description, 300, " "));
        response.sendRedirect(request.getContextPath() + LoginErrorController.PATH + "?error="
                + URLEncoder.encode(LoginErrorController.safeCode(code), StandardCharsets.UTF_8));
    }
}
