package dev.tunnelgate.devices;

import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextArea;
import dev.tunnelgate.ui.Feedback;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The choice of key method that "Add device" and "Replace key" share: browser, server or the user's own key. */
final class KeyMethods {
    private KeyMethods() {}

    /**
     * Offers the three methods (browser first, where the browser can make keys; otherwise server first, with a word
     * why) and shows the public key field only for the user's own key.
     */
    static void configure(
            RadioButtonGroup<KeyOrigin> keyMethod,
            TextArea publicKey,
            BrowserKeys browserKeys,
            Function<KeyOrigin, String> labels) {
        keyMethod.setItems(KeyOrigin.BROWSER, KeyOrigin.SERVER, KeyOrigin.USER);
        keyMethod.setItemLabelGenerator(labels::apply);
        keyMethod.setValue(KeyOrigin.BROWSER);
        publicKey.setVisible(false);
        publicKey.setHelperText("44 characters of base64, e.g. the output of: wg pubkey < private.key");
        browserKeys.whenSupported(supported -> {
            if (!supported) {
                keyMethod.setItems(KeyOrigin.SERVER, KeyOrigin.USER);
                keyMethod.setValue(KeyOrigin.SERVER);
                keyMethod.setHelperText("This browser cannot make WireGuard keys (no WebCrypto X25519): "
                        + "choose one of these methods, or use a current browser.");
            }
        });
        keyMethod.addValueChangeListener(e -> publicKey.setVisible(e.getValue() == KeyOrigin.USER));
    }

    /**
     * Hands the public key to {@code submit}: one the browser makes now, the pasted one, or none for server keys
     * (whatever the field holds; the service ignores it).
     */
    static void withKey(
            RadioButtonGroup<KeyOrigin> keyMethod,
            TextArea publicKey,
            BrowserKeys browserKeys,
            Consumer<@Nullable String> submit) {
        if (keyMethod.getValue() == KeyOrigin.BROWSER) {
            browserKeys.generate(submit::accept, Feedback::error);
        } else {
            submit.accept(publicKey.getValue());
        }
    }
}
