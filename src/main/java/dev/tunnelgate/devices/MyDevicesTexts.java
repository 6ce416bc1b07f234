package dev.tunnelgate.devices;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.i18n.I18NProvider;
import com.vaadin.flow.server.VaadinService;
import dev.tunnelgate.ui.Translations;
import java.util.Locale;

/**
 * The texts of My devices and of the helpers that word a device for it (status, delivery, last seen, flags), from
 * the {@code mydevices} bundle: in the page's language, in English outside a page (exports, logs, unit tests), as
 * {@code ui/Formats} does for dates.
 */
final class MyDevicesTexts {
    private MyDevicesTexts() {}

    /** Loaded only when a text is asked for outside a page. */
    private static final class English {
        static final Translations BUNDLES = new Translations();
    }

    static String text(String key, Object... args) {
        var ui = UI.getCurrent();
        if (ui == null || VaadinService.getCurrent() == null) {
            return English.BUNDLES.getTranslation(key, Locale.ENGLISH, args);
        }
        return I18NProvider.translate(ui.getLocale(), key, args);
    }
}
