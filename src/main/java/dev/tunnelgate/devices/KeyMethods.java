package dev.tunnelgate.devices;

import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.i18n.I18NProvider;
import dev.tunnelgate.ui.Feedback;
import java.util.Locale;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** The choice of key method that "Add device" and "Replace key" share: browser, server or the user's own key. */
final class KeyMethods {
    private KeyMethods() {}

    /**
     * Offers the three methods (browser first, where the browser can make keys; otherwise server first, with a word
     * why) and shows the public key field only for the user's own key. Each method's label is the text of
     * {@code labelKeyPrefix} followed by {@code browser}, {@code server} or {@code user}.
     */
    static void configure(
            RadioButtonGroup<KeyOrigin> keyMethod, TextArea publicKey, BrowserKeys browserKeys, String labelKeyPrefix) {
        keyMethod.setItems(KeyOrigin.BROWSER, KeyOrigin.SERVER, KeyOrigin.USER);
        keyMethod.setItemLabelGenerator(
                method -> I18NProvider.translate(labelKeyPrefix + method.name().toLowerCase(Locale.ROOT)));
        keyMethod.setValue(KeyOrigin.BROWSER);
        publicKey.setVisible(false);
        publicKey.setHelperText(I18NProvider.translate("enroll.public-key.help"));
        browserKeys.whenSupported(supported -> {
            if (!supported) {
                keyMethod.setItems(KeyOrigin.SERVER, KeyOrigin.USER);
                keyMethod.setValue(KeyOrigin.SERVER);
                keyMethod.setHelperText(I18NProvider.translate("enroll.method.unsupported"));
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
