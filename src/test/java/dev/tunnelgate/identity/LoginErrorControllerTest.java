package dev.tunnelgate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.ui.Translations;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class LoginErrorControllerTest {
    private final LoginErrorController controller = new LoginErrorController(new Translations());

    @Test
    void the_page_speaks_the_browsers_language_when_the_portal_does() {
        var german = controller.loginError("idp_unavailable", Locale.GERMANY).getBody();
        assertThat(german)
                .contains("<html lang=\"de\">")
                .contains("Anmeldung fehlgeschlagen")
                .contains("Der Identitätsanbieter ist gerade nicht erreichbar");
        var french = controller.loginError("idp_unavailable", Locale.FRENCH).getBody();
        assertThat(french)
                .contains("<html lang=\"en\">")
                .contains("Sign-in failed")
                .contains("The identity provider cannot be reached right now");
    }

    @Test
    void an_unknown_or_hostile_code_is_neither_echoed_nor_explained_but_named_login_failed() {
        var page = controller.loginError("<script>alert(1)</script>", Locale.ENGLISH);
        assertThat(page.getStatusCode().value()).isEqualTo(401);
        assertThat(page.getBody())
                .doesNotContain("<script>")
                .doesNotContain("alert")
                .contains("<code id=\"code\">login_failed</code>")
                .contains("Sign-in failed. Please try again.");
    }

    @Test
    void every_known_code_has_its_own_explanation_in_both_languages() {
        for (var code : new String[] {"account_offboarded", "invalid_client", "access_denied", "invalid_identity"}) {
            for (var locale : Translations.LOCALES) {
                assertThat(controller.loginError(code, locale).getBody())
                        .as("%s in %s", code, locale)
                        .contains("<code id=\"code\">" + code + "</code>")
                        .doesNotContain("!identity.");
            }
        }
    }
}
