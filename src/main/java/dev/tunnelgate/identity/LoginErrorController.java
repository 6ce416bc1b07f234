package dev.tunnelgate.identity;

import dev.tunnelgate.ui.Translations;
import java.util.Locale;
import java.util.Set;
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

    /** The codes this page explains; each has the text {@code identity.login-error.<code>}. */
    static final Set<String> CODES = Set.of(
            OidcLoginUserService.ACCOUNT_OFFBOARDED,
            "authorization_request_not_found",
            "invalid_state_parameter",
            "invalid_token_response",
            "invalid_client",
            "idp_unavailable",
            "access_denied",
            OidcLoginUserService.INVALID_IDENTITY,
            "login_failed");

    private final Translations translations;

    LoginErrorController(Translations translations) {
        this.translations = translations;
    }

    @GetMapping(value = PATH, produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> loginError(
            @RequestParam(name = "error", required = false) @Nullable String error, Locale locale) {
        var code = safeCode(error == null ? "" : error);
        var language = Translations.LOCALES.stream()
                .filter(provided -> provided.getLanguage().equals(locale.getLanguage()))
                .findFirst()
                .orElse(Locale.ENGLISH);
        var html = """
                <!doctype html><html lang="%s"><head><meta charset="utf-8"><title>%s · Tunnelgate</title>
                <meta name="viewport" content="width=device-width, initial-scale=1"></head>
                <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">
                <h1>%s</h1><p id="explanation">%s</p><p><small>%s <code id="code">%s</code></small></p>
                <p><a href="./">%s</a></p></body></html>
                """.formatted(
                        language.getLanguage(),
                        text("identity.login-error.title", language),
                        text("identity.login-error.title", language),
                        text("identity.login-error." + code, language),
                        text("identity.login-error.code", language),
                        HtmlUtils.htmlEscape(code),
                        text("identity.login-error.again", language));
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.TEXT_HTML)
                .body(html);
    }

    /** Only codes this page knows are echoed; anything else, whatever a link says, is "login_failed". */
    static String safeCode(String code) {
        return CODES.contains(code) ? code : "login_failed";
    }

    private String text(String key, Locale language) {
        return HtmlUtils.htmlEscape(translations.getTranslation(key, language), "UTF-8");
    }
}
