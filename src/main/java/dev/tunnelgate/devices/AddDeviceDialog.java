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
 * URLs, nothing registered in the session) and is gone when it closes.
 */
class AddDeviceDialog extends Dialog {
    final TextField name = new TextField("Device name");
    final ComboBox<Platform> platform = new ComboBox<>("Platform");
    final ComboBox<NetworkRow> network = new ComboBox<>("Network");
    final RadioButtonGroup<KeyOrigin> keyMethod = new RadioButtonGroup<>("Keys");
    final TextArea publicKey = new TextArea("Public key");
    final IntegerField expiresInDays = new IntegerField("Expires after (days, optional)");
    final Button enroll = new Button("Add device");
    final VerticalLayout result = new VerticalLayout();
    final BrowserKeys browserKeys = new BrowserKeys();
    private final DeviceService devices;
    private final NetworkService networks;
    private final Runnable onEnrolled;
    private final Feedback feedback;

    AddDeviceDialog(DeviceService devices, NetworkService networks, Runnable onEnrolled) {
        this.devices = devices;
        this.networks = networks;
        this.onEnrolled = onEnrolled;
        setHeaderTitle("Add device");
        name.setId("device-name");
        network.setId("device-network");
        keyMethod.setId("device-keys");
        publicKey.setId("device-public-key");
        enroll.setId("enroll");
        name.setMaxLength(Device.NAME_MAX_LENGTH);
        name.setRequired(true);
        platform.setItems(Platform.values());
        platform.setItemLabelGenerator(Platform::label);
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
        KeyMethods.configure(keyMethod, publicKey, browserKeys, m -> switch (m) {
            case BROWSER -> "Generate keys in this browser (the private key never leaves it)";
            case SERVER -> "Generate keys on the server (the private key is shown once, never stored)";
            case USER -> "I bring my own key (paste the public key)";
        });
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
        result.setPadding(false);
        add(form, result, browserKeys);
        getFooter().add(new Button("Close", e -> close()), enroll);
        setWidth("min(44rem, 100vw)");
    }

    private void explainExpiry(@Nullable NetworkRow chosen) {
        var max = chosen == null ? null : networks.lifecycle(chosen.id()).expireAfterDays();
        expiresInDays.setHelperText(
                max == null
                        ? "Empty: the device never expires"
                        : "This network's devices expire after %d days; you may choose fewer".formatted(max));
    }

    private void submit(FormLayout form, @Nullable String key) {
        try {
            if (expiresInDays.getValue() == null && expiresInDays.isInvalid()) {
                throw new InvalidInputException(DeviceField.EXPIRY, "Enter a whole number of days, or leave it empty");
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
        var status = new Paragraph(enrollment.statusExplanation());
        status.setId("enrollment-status");
        result.add(status);
        var config = enrollment.config();
        if (config.text() == null) {
            result.add(new Paragraph(config.unavailableReason()));
            return;
        }
        if (enrollment.device().keyOrigin() == KeyOrigin.BROWSER) {
            result.add(new Paragraph(enrollment.device().platform().importHint()));
            browserKeys.complete(config.text(), config.fileName());
            return;
        }
        ConfigHandOut.show(
                result,
                config,
                config.text(),
                enrollment.device().platform(),
                "",
                "Config",
                "This is the only time the private key is shown. Lost it? Revoke the device and add a new one.");
    }
}
