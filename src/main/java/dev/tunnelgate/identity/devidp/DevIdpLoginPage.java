package dev.tunnelgate.identity.devidp;

import jakarta.servlet.http.HttpServletRequest;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.util.HtmlUtils;

/** The dev IdP's sign-in form, listing its demo users. */
@Controller
@ConditionalOnProperty(name = "tunnelgate.dev-idp.enabled", havingValue = "true")
class DevIdpLoginPage {
    /** The page's only style; the IdP's Content-Security-Policy allows exactly this text by its hash. */
    static final String STYLE =
            "body { font-family: system-ui, sans-serif; max-width: 24rem; margin: 4rem auto; padding: 0 1rem }"
                    + " #error { color: #b00 }";

    @GetMapping(value = DevIdpConfiguration.LOGIN_PATH, produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> loginForm(HttpServletRequest request) {
        var csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        var error = request.getParameter("error") != null
                ? "<p id=\"error\" role=\"alert\">Wrong username or password.</p>"
                : "";
        var users = DemoUser.ALL.stream()
                .map(u -> "<li><code>%s</code> / <code>%s</code> (%s)</li>"
                        .formatted(
                                HtmlUtils.htmlEscape(u.username()),
                                HtmlUtils.htmlEscape(u.password()),
                                HtmlUtils.htmlEscape(u.role())))
                .collect(Collectors.joining());
        var csrfField = csrf == null
                ? ""
                : "<input type=\"hidden\" name=\"%s\" value=\"%s\">"
                        .formatted(
                                HtmlUtils.htmlEscape(csrf.getParameterName()), HtmlUtils.htmlEscape(csrf.getToken()));
        var html = """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in · Tunnelgate dev IdP</title>
                <meta name="viewport" content="width=device-width, initial-scale=1"><style>%s</style></head>
                <body>
                <h1>Tunnelgate dev IdP</h1>
                <p>A built-in identity provider for trying Tunnelgate out. Never use it in production.</p>
                %s
                <form method="post" action="%s">
                <p><label for="username">Username</label><br><input id="username" name="username" autocomplete="username" autofocus required></p>
                <p><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
                %s
                <p><button id="sign-in" type="submit">Sign in</button></p>
                </form>
                <p>Demo users:</p><ul>%s</ul>
                </body></html>
                """.formatted(
                        STYLE, error, request.getContextPath() + DevIdpConfiguration.LOGIN_PATH, csrfField, users);
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.TEXT_HTML)
                .body(html);
    }
}
