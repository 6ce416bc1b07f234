package dev.tunnelgate.policy;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.i18n.I18NProvider;
import dev.tunnelgate.ui.Translations;
import java.util.Locale;

/**
 * The texts of access outside components (preview lines, what a device reaches): in the language of the page that
 * shows them, and in English where no page asks (services, logs, tests), so that the same words read the same
 * either way.
 */
public final class PolicyTexts {
    private static final Translations ENGLISH = new Translations();

    private PolicyTexts() {}

    public static String text(String key, Object... args) {
        return UI.getCurrent() == null
                ? ENGLISH.getTranslation(key, Locale.ENGLISH, args)
                : I18NProvider.translate(key, args);
    }

    /** A device status as the access texts word it ("active", "pending approval" is {@code policy.preview.pending}). */
    static String status(String status) {
        return text("policy.status." + status.toLowerCase(Locale.ROOT));
    }
}
