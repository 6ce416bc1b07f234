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
 * the gateway host's agent is started with it.
 */
class CredentialDialog extends Dialog {
    static final String TOKEN_FILE = "/etc/tunnelgate/agent.token";

    final TextField token = new TextField("Token");
    final TextArea command = new TextArea("Agent command");
    final Paragraph grace = new Paragraph();

    /** @param rotated the member as listed after a rotation; null for a new member */
    CredentialDialog(IssuedCredential credential, @Nullable MemberRow rotated) {
        setHeaderTitle((rotated == null ? "Credential of " : "New credential of ") + credential.memberName());
        token.setValue(credential.token());
        token.setReadOnly(true);
        token.setWidthFull();
        token.setHelperText(
                "Shown only now and never again: select it and copy it (Ctrl+C or ⌘C) before you close this.");
        command.setValue(commandLine(portalUrl()));
        command.setReadOnly(true);
        command.setWidthFull();
        var file = new Paragraph("On the gateway host, save the token as %s, readable only by the agent: chmod 600 %s. "
                        .formatted(TOKEN_FILE, TOKEN_FILE)
                + "The agent reads it from there, so it never shows in a command line or process list.");
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
        var done = new Button("I have saved the token", event -> close());
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(done);
        setWidth("min(48rem, 100vw)");
    }

    static String commandLine(String portalUrl) {
        return "java -jar tunnelgate.jar agent --portal %s --token-file %s --interface wg0"
                .formatted(portalUrl, TOKEN_FILE);
    }

    /** This portal as the browser reached it: scheme, host, port and context path. */
    static String portalUrl() {
        var request = Objects.requireNonNull(VaadinServletRequest.getCurrent(), "called outside a request");
        return ServletUriComponentsBuilder.fromContextPath(request.getHttpServletRequest())
                .toUriString();
    }

    private static String graceText(MemberRow rotated) {
        var until = rotated.previousCredentialValidUntil();
        var at = rotated.credentialRotatedAt();
        if (until == null || at == null) {
            return "The previous token no longer works.";
        }
        var grace = Duration.between(at, until);
        return "The previous token keeps working until the agent first uses this new one, or until %s (%s after the "
                        .formatted(
                                Formats.dateTime(until),
                                grace.toHours() >= 1 ? grace.toHours() + " h" : grace.toMinutes() + " min")
                + "rotation), whichever comes first. After that only the new token works.";
    }
}
