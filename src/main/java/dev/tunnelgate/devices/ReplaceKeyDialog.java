package dev.tunnelgate.devices;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextArea;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.NotFoundException;
import dev.tunnelgate.ui.Feedback;
import dev.tunnelgate.ui.Formats;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * "Replace key" for an active device: the same three key methods as "Add device", then the new key's config and QR
 * code. The old key keeps working until the new key's first handshake (or the network's overlap window ends), so the
 * user imports the new config at leisure. A server-made private key lives only in this dialog, as on enrollment.
 */
class ReplaceKeyDialog extends Dialog {
    final RadioButtonGroup<KeyOrigin> keyMethod = new RadioButtonGroup<>("New key");
    final TextArea publicKey = new TextArea("Public key");
    final Button replace = new Button("Replace key");
    final VerticalLayout result = new VerticalLayout();
    final BrowserKeys browserKeys = new BrowserKeys();
    private final KeyRotation rotation;
    private final DeviceRow device;
    private final Runnable onStarted;
    private final Feedback feedback;

    ReplaceKeyDialog(KeyRotation rotation, DeviceRow device, Runnable onStarted) {
        this.rotation = rotation;
        this.device = device;
        this.onStarted = onStarted;
        setHeaderTitle("Replace the key of " + device.name());
        keyMethod.setId("replace-keys");
        publicKey.setId("replace-public-key");
        replace.setId("replace-key");
        KeyMethods.configure(keyMethod, publicKey, browserKeys, m -> switch (m) {
            case BROWSER -> "Generate the new key in this browser (the private key never leaves it)";
            case SERVER -> "Generate the new key on the server (the private key is shown once, never stored)";
            case USER -> "I bring my own new key (paste the public key)";
        });
        publicKey.setWidthFull();
        feedback = Feedback.forFields(Map.of(DeviceField.KEYS, keyMethod, DeviceField.PUBLIC_KEY, publicKey));
        var explanation = new Paragraph("The new key gets addresses of its own. The current key keeps working until "
                + "a gateway sees the new key's first handshake, or until the network's overlap window ends; "
                + "import the new config before then.");
        var form = new VerticalLayout(explanation, keyMethod, publicKey);
        form.setPadding(false);
        replace.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        replace.addClickListener(e -> KeyMethods.withKey(keyMethod, publicKey, browserKeys, key -> submit(form, key)));
        result.setPadding(false);
        add(form, result, browserKeys);
        getFooter().add(new Button("Close", e -> close()), replace);
        setWidth("min(44rem, 100vw)");
    }

    private void submit(VerticalLayout form, @Nullable String key) {
        try {
            var replacement = rotation.start(device.id(), keyMethod.getValue(), key);
            form.setVisible(false);
            replace.setVisible(false);
            showResult(replacement);
            onStarted.run();
        } catch (InvalidInputException | NotFoundException error) {
            feedback.show(error);
        }
    }

    private void showResult(KeyReplacement replacement) {
        var status = new Paragraph("New key waiting for its first handshake; the old key works until %s at the latest."
                .formatted(Formats.dateTime(replacement.oldKeyWorksUntil())));
        status.setId("replacement-status");
        result.add(status);
        var config = replacement.config();
        var text = config.text();
        if (text == null) {
            result.add(new Paragraph(config.unavailableReason()));
            return;
        }
        if (replacement.keyOrigin() == KeyOrigin.BROWSER) {
            result.add(new Paragraph(replacement.platform().importHint()));
            browserKeys.complete(text, config.fileName());
            return;
        }
        ConfigHandOut.show(
                result,
                config,
                text,
                replacement.platform(),
                "replacement-",
                "New config",
                "This is the only time the new private key is shown.");
    }

    /** The rotation in progress as "My devices" words it; null when the device is not replacing its key. */
    static @Nullable String rotationText(DeviceRow row) {
        var lifecycle = row.lifecycle();
        var next = lifecycle.nextPublicKey();
        var endsAt = lifecycle.rotationEndsAt();
        if (next == null || endsAt == null || row.status() != DeviceStatus.ACTIVE) {
            return null;
        }
        return "new key %s… waiting for its first handshake, old key %s… works until %s"
                .formatted(next.substring(0, 8), row.publicKey().substring(0, 8), Formats.dateTime(endsAt));
    }
}
