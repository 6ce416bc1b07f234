package dev.tunnelgate.ui;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.ColorScheme;
import com.vaadin.flow.component.page.Meta;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.theme.lumo.Lumo;

/**
 * Page-wide settings: the Lumo theme with its utility classes and Tunnelgate's own theme (top-level {@code themes/},
 * light and dark), server push for live status, and light or dark following the operating system until the user
 * chooses.
 */
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet(Lumo.UTILITY_STYLESHEET)
@StyleSheet("themes/tunnelgate/styles.css")
@Meta(name = "viewport", content = "width=device-width, initial-scale=1")
@ColorScheme(ColorScheme.Value.LIGHT_DARK)
@Push
public class AppShell implements AppShellConfigurator {
    @Override
    public void configurePage(AppShellSettings settings) {
        settings.addFavIcon("icon", "icons/favicon.svg", "any");
    }
}
