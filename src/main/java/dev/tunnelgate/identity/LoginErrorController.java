package dev.tunnelgate.identity;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

/** A plain page that says why sign-in failed, in words, without a stack trace. */
@Controller
class LoginErrorController {
    static final String PATH = "/login-error";

    private static final Map<String, String> EXPLANATIONS = Map.of(
            OidcLoginUserService.ACCOUNT_OFFBOARDED,
            "Your Tunnelgate account has been offboarded by an administrator, so you cannot sign in and your devices "
                    + "no longer connect. If this is a mistake, ask an administrator to restore your account.",
            "authorization_request_not_found",
            "The sign-in attempt was not started here, has expired or was already used. Please sign in again.",
            "invalid_state_parameter",
            "The sign-in attempt was not started here, has expired or was already used. Please sign in again.",
            "invalid_token_response",
            "The portal could not complete sign-in with the identity provider: it is unreachable or rejected the "
                    + "portal's client credentials. An administrator should check the IdP and the client secret.",
            "invalid_client",
            "The identity provider rejected the portal's client credentials. An administrator should check the client secret.",
            "idp_unavailable",
            "The identity provider cannot be reached right now. Please try again in a minute.",
            "access_denied",
            "Sign-in was cancelled or refused at the identity provider.",
            OidcLoginUserService.INVALID_IDENTITY,
            "The identity provider sent an identity that Tunnelgate cannot accept.");

    @GetMapping(value = PATH, produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> loginError(@RequestParam(name = "error", required = false) @Nullable String error) {
        var code = safeCode(error == null ? "" : error);
        var explanation = EXPLANATIONS.getOrDefault(code, "Sign-in failed. Please try again.");
        var html = """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in failed · Tunnelgate</title>
                <meta name="viewport" content="width=device-width, initial-scale=1"></head>
                <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">
                <h1>Sign-in failed</h1><p id="explanation">%s</p><p><small>Error code: <code id="code">%s</code></small></p>
                <p><a href="./">Sign in again</a></p></body></html>
                """.formatted(HtmlUtils.htmlEscape(explanation), HtmlUtils.htmlEscape(code));
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.TEXT_HTML)
                .body(html);
    }

    /** Only codes this page knows are echoed; anything else, whatever a link says, is "login_failed". */
    static String safeCode(String code) {
        return EXPLANATIONS.containsKey(code) ? code : "login_failed";
    }
}
