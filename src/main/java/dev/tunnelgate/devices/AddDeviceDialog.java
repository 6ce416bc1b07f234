package dev.tunnelgate.devices;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.tunnelgate.networks.NetworkRow;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.ui.Feedback;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * "Add device": name, platform, network and key method (in the browser, on the server, or the
 * user's own public key); then the result with the config and
 * its QR code. A config with a server-made private key lives only in this dialog (as data:
 * URLs, nothing registered in the session) and is gone when it closes, so closing it then asks first.
 */
class AddDeviceDialog extends Dialog {
    final TextField name = new TextField(getTranslation("enroll.name"));
    final ComboBox<Platform> platform = new ComboBox<>(getTranslation("enroll.platform"));
    final ComboBox<NetworkRow> network = new ComboBox<>(getTranslation("enroll.network"));
    final RadioButtonGroup<KeyOrigin> keyMethod = new RadioButtonGroup<>(getTranslation("enroll.keys"));
    final TextArea publicKey = new TextArea(getTranslation("enroll.public-key"));
    final IntegerField expiresInDays = new IntegerField(getTranslation("enroll.expiry"));
    final Button enroll = new Button(getTranslation("enroll.add.submit"));
    final Button close = new Button(getTranslation("enroll.close"));
    final VerticalLayout result = new VerticalLayout();
    final BrowserKeys browserKeys = new BrowserKeys();
    final CloseGuard closeGuard = CloseGuard.of(this);
    /** Whether the browser reports a touch screen: then the result offers the file first, the QR code second. */
    boolean touch;

    private final DeviceService devices;
    private final NetworkService networks;
    private final Runnable onEnrolled;
    private final Feedback feedback;

    AddDeviceDialog(DeviceService devices, NetworkService networks, Runnable onEnrolled) {
        this.devices = devices;
        this.networks = networks;
        this.onEnrolled = onEnrolled;
        setHeaderTitle(getTranslation("enroll.add.title"));
        name.setId("device-name");
        network.setId("device-network");
        keyMethod.setId("device-keys");
        publicKey.setId("device-public-key");
        enroll.setId("enroll");
        close.setId("enroll-close");
        name.setMaxLength(Device.NAME_MAX_LENGTH);
        name.setRequired(true);
        platform.setItems(Platform.values());
        platform.setItemLabelGenerator(ImportGuide::label);
        platform.setValue(Platform.OTHER);
        var joinable = networks.joinable();
        network.setItems(joinable);
        network.setItemLabelGenerator(n -> n.settings().name());
        expiresInDays.setId("device-expiry");
        expiresInDays.setMin(1);
        network.addValueChangeListener(e -> explainExpiry(e.getValue()));
        if (!joinable.isEmpty()) {
            network.setValue(joinable.getFirst());
        }
        KeyMethods.configure(keyMethod, publicKey, browserKeys, "enroll.method.");
        feedback = Feedback.forFields(Map.of(
                DeviceField.NAME,
                name,
                DeviceField.NETWORK,
                network,
                DeviceField.KEYS,
                keyMethod,
                DeviceField.PUBLIC_KEY,
                publicKey,
                DeviceField.EXPIRY,
                expiresInDays));

        var form = new FormLayout(name, platform, network, expiresInDays, keyMethod, publicKey);
        form.setColspan(keyMethod, 2);
        form.setColspan(publicKey, 2);
        enroll.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        enroll.addClickListener(e -> KeyMethods.withKey(keyMethod, publicKey, browserKeys, key -> submit(form, key)));
        close.addClickListener(e -> closeGuard.requestClose());
        result.setPadding(false);
        add(form, result, browserKeys);
        getFooter().add(close, enroll);
        setWidth("min(44rem, 100vw)");
        addAttachListener(e -> e.getUI().getPage().retrieveExtendedClientDetails(d -> touch = d.isTouchDevice()));
    }

    private void explainExpiry(@Nullable NetworkRow chosen) {
        var max = chosen == null ? null : networks.lifecycle(chosen.id()).expireAfterDays();
        expiresInDays.setHelperText(
                max == null ? getTranslation("enroll.expiry.never") : getTranslation("enroll.expiry.max", max));
    }

    private void submit(FormLayout form, @Nullable String key) {
        try {
            if (expiresInDays.getValue() == null && expiresInDays.isInvalid()) {
                throw new InvalidInputException(DeviceField.EXPIRY, getTranslation("enroll.expiry.invalid"));
            }
            var enrollment = devices.enroll(new EnrollmentRequest(
                    name.getValue(),
                    platform.getValue(),
                    network.getValue() == null ? -1 : network.getValue().id(),
                    keyMethod.getValue(),
                    key,
                    expiresInDays.getValue()));
            form.setVisible(false);
            enroll.setVisible(false);
            showResult(enrollment);
            onEnrolled.run();
        } catch (InvalidInputException error) {
            feedback.show(error);
        }
    }

    private void showResult(Enrollment enrollment) {
        var status = new Paragraph(EnrollmentTexts.status(enrollment.statusExplanation()));
        status.setId("enrollment-status");
        result.add(status);
        var config = enrollment.config();
        var text = config.text();
        if (text == null) {
            result.add(new Paragraph(EnrollmentTexts.unavailable(config.unavailableReason())));
            return;
        }
        var origin = enrollment.device().keyOrigin();
        var device = enrollment.device();
        if (origin == KeyOrigin.BROWSER) {
            closeGuard.holdPrivateKey();
            ConfigHandOut.notes(result, origin, true);
            result.add(browserKeys);
            browserKeys.complete(text, config.fileName(), touch);
            result.add(ImportGuide.of(device.platform(), config.fileName()));
            return;
        }
        if (config.includesPrivateKey()) {
            closeGuard.holdPrivateKey();
        }
        ConfigHandOut.show(result, config, text, device.platform(), origin, "", getTranslation("enroll.config"), touch);
    }
}
