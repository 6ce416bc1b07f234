package dev.tunnelgate.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.page.ColorScheme;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Every page a signed-in user opens starts in the language and colour scheme they chose in the user menu; without a
 * choice Vaadin takes the browser's language (English when it is neither English nor German) and the page follows
 * the operating system's light or dark mode.
 */
@Component
class ChoicesOnStart implements VaadinServiceInitListener {
    private final UserChoices choices;

    ChoicesOnStart(UserChoices choices) {
        this.choices = choices;
    }

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addUIInitListener(init -> apply(init.getUI(), choices.mine()));
    }

    static void apply(UI ui, UserChoices.Choice choice) {
        var locale = choice.locale();
        if (locale != null) {
            ui.setLocale(locale);
            ui.getSession().setLocale(locale);
        }
        ui.getPage().setColorScheme(scheme(choice.colorScheme()));
        // The page's language for screen readers and hyphenation (Vaadin leaves <html lang> at English).
        ui.getPage()
                .executeJs("document.documentElement.lang = $0", ui.getLocale().getLanguage());
    }

    static ColorScheme.Value scheme(@Nullable String choice) {
        return choice == null ? ColorScheme.Value.LIGHT_DARK : ColorScheme.Value.fromString(choice);
    }
}
