package dev.tunnelgate.gateways;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.server.VaadinServletRequest;
import dev.tunnelgate.ui.Formats;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * A member credential, shown this once: only its hash is stored, so closing the dialog loses it. Also says how
 * the gateway host's agent is started with it: against {@code tunnelgate.public-url}, or, when that is not set,
 * against the address the admin's browser used (which an agent may not reach), and the dialog says so.
 */
class CredentialDialog extends Dialog {
    static final String TOKEN_FILE = "/etc/tunnelgate/agent.token";

    final TextField token = new TextField(getTranslation("gateways.credential.token"));
    final TextArea command = new TextArea(getTranslation("gateways.credential.command"));
    final Paragraph grace = new Paragraph();

    /**
     * @param rotated   the member as listed after a rotation; null for a new member
     * @param publicUrl the configured address agents reach the portal at; null when not set
     */
    CredentialDialog(IssuedCredential credential, @Nullable MemberRow rotated, @Nullable PublicUrl publicUrl) {
        setHeaderTitle(getTranslation(
                rotated == null ? "gateways.credential.title.new" : "gateways.credential.title.rotated",
                credential.memberName()));
        token.setValue(credential.token());
        token.setReadOnly(true);
        token.setWidthFull();
        token.setHelperText(getTranslation("gateways.credential.token.helper"));
        command.setValue(commandLine(publicUrl == null ? browserUrl() : publicUrl.toString()));
        command.setReadOnly(true);
        command.setWidthFull();
        command.setHelperText(
                publicUrl == null
                        ? getTranslation("gateways.credential.command.no-public-url")
                        : getTranslation("gateways.credential.command.public-url", publicUrl.toString()));
        var file = new Paragraph(getTranslation("gateways.credential.file", TOKEN_FILE));
        var content = new VerticalLayout(token, file, command);
        if (rotated != null) {
            grace.setText(graceText(rotated));
            content.add(grace);
        }
        content.setPadding(false);
        add(content);
        // Closing loses the token for good: only the button closes, never a stray click or Esc.
        setCloseOnOutsideClick(false);
        setCloseOnEsc(false);
        var done = new Button(getTranslation("gateways.credential.done"), event -> close());
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(done);
        setWidth("min(48rem, 100vw)");
    }

    static String commandLine(String portalUrl) {
        return "java -jar tunnelgate.jar agent --portal %s --token-file %s --interface wg0" // not shown: a command
                .formatted(portalUrl, TOKEN_FILE);
    }

    /** This portal as the browser reached it: scheme, host, port and context path. */
    static String browserUrl() {
        var request = Objects.requireNonNull(VaadinServletRequest.getCurrent(), "called outside a request");
        return ServletUriComponentsBuilder.fromContextPath(request.getHttpServletRequest())
                .toUriString();
    }

    private String graceText(MemberRow rotated) {
        var until = rotated.previousCredentialValidUntil();
        var at = rotated.credentialRotatedAt();
        if (until == null || at == null) {
            return getTranslation("gateways.credential.previous-gone");
        }
        var grace = Duration.between(at, until);
        var length = grace.toHours() >= 1
                ? getTranslation("gateways.credential.hours", grace.toHours())
                : getTranslation("gateways.credential.minutes", grace.toMinutes());
        return getTranslation("gateways.credential.grace", Formats.dateTime(until), length);
    }
}
