package dev.tunnelgate.devices;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.i18n.I18NProvider;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.NotFoundException;
import dev.tunnelgate.ui.Feedback;
import dev.tunnelgate.ui.Formats;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * "Replace key" for an active device: the same three key methods as "Add device", then the new key's config and QR
 * code. The old key keeps working until the new key's first handshake (or the network's overlap window ends), so the
 * user imports the new config at leisure. A server-made private key lives only in this dialog, as on enrollment, so
 * closing the dialog then asks first.
 */
class ReplaceKeyDialog extends Dialog {
    final RadioButtonGroup<KeyOrigin> keyMethod = new RadioButtonGroup<>(getTranslation("enroll.replace.keys"));
    final TextArea publicKey = new TextArea(getTranslation("enroll.public-key"));
    final Button replace = new Button(getTranslation("enroll.replace.submit"));
    final Button close = new Button(getTranslation("enroll.close"));
    final VerticalLayout result = new VerticalLayout();
    final BrowserKeys browserKeys = new BrowserKeys();
    final CloseGuard closeGuard = CloseGuard.of(this);
    /** Whether the browser reports a touch screen: then the result offers the file first, the QR code second. */
    boolean touch;

    private final KeyRotation rotation;
    private final DeviceRow device;
    private final Runnable onStarted;
    private final Feedback feedback;

    ReplaceKeyDialog(KeyRotation rotation, DeviceRow device, Runnable onStarted) {
        this.rotation = rotation;
        this.device = device;
        this.onStarted = onStarted;
        setHeaderTitle(getTranslation("enroll.replace.title", device.name()));
        keyMethod.setId("replace-keys");
        publicKey.setId("replace-public-key");
        replace.setId("replace-key");
        close.setId("replace-close");
        KeyMethods.configure(keyMethod, publicKey, browserKeys, "enroll.replace.method.");
        publicKey.setWidthFull();
        feedback = Feedback.forFields(Map.of(DeviceField.KEYS, keyMethod, DeviceField.PUBLIC_KEY, publicKey));
        var explanation = new Paragraph(getTranslation("enroll.replace.explanation"));
        var form = new VerticalLayout(explanation, keyMethod, publicKey);
        form.setPadding(false);
        replace.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        replace.addClickListener(e -> KeyMethods.withKey(keyMethod, publicKey, browserKeys, key -> submit(form, key)));
        result.setPadding(false);
        add(form, result, browserKeys);
        close.addClickListener(e -> closeGuard.requestClose());
        getFooter().add(close, replace);
        setWidth("min(44rem, 100vw)");
        addAttachListener(e -> e.getUI().getPage().retrieveExtendedClientDetails(d -> touch = d.isTouchDevice()));
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
        var status = new Paragraph(
                getTranslation("enroll.replace.status", Formats.dateTime(replacement.oldKeyWorksUntil())));
        status.setId("replacement-status");
        result.add(status);
        var config = replacement.config();
        var text = config.text();
        if (text == null) {
            result.add(new Paragraph(EnrollmentTexts.unavailable(config.unavailableReason())));
            return;
        }
        var origin = replacement.keyOrigin();
        if (origin == KeyOrigin.BROWSER) {
            closeGuard.holdPrivateKey();
            ConfigHandOut.notes(result, origin, true);
            result.add(browserKeys);
            browserKeys.complete(text, config.fileName(), touch);
            result.add(ImportGuide.of(replacement.platform(), config.fileName()));
            return;
        }
        if (config.includesPrivateKey()) {
            closeGuard.holdPrivateKey();
        }
        ConfigHandOut.show(
                result,
                config,
                text,
                replacement.platform(),
                origin,
                "replacement-",
                getTranslation("enroll.replace.config"),
                touch);
    }

    /** The rotation in progress as "My devices" words it; null when the device is not replacing its key. */
    static @Nullable String rotationText(DeviceRow row) {
        var lifecycle = row.lifecycle();
        var next = lifecycle.nextPublicKey();
        var endsAt = lifecycle.rotationEndsAt();
        if (next == null || endsAt == null || row.status() != DeviceStatus.ACTIVE) {
            return null;
        }
        return I18NProvider.translate(
                "enroll.replace.rotation",
                next.substring(0, 8),
                row.publicKey().substring(0, 8),
                Formats.dateTime(endsAt));
    }
}
