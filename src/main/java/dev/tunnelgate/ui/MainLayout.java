package dev.tunnelgate.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.avatar.Avatar;
import com.vaadin.flow.component.avatar.AvatarVariant;
import com.vaadin.flow.component.contextmenu.MenuItem;
import com.vaadin.flow.component.contextmenu.SubMenu;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.server.menu.MenuEntry;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.PermitAll;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * The shell every signed-in page lives in: navigation on the side, the user menu on top with the language and the
 * colour scheme (each remembered per user; "as the browser" follows the browser's language or the operating
 * system's light or dark mode).
 */
@Layout
@PermitAll
public class MainLayout extends AppLayout {
    final SideNav navigation = new SideNav();
    final MenuBar userMenu = new MenuBar();
    private final UserChoices choices;

    MainLayout(AuthenticationContext authentication, UserChoices choices) {
        this.choices = choices;
        var title = new Span(getTranslation("ui.app-title"));
        title.addClassNames("app-title");
        var name = authentication
                .getAuthenticatedUser(OidcUser.class)
                .map(user -> user.getFullName() != null ? user.getFullName() : user.getName())
                .orElse("");
        var avatar = new Avatar(name);
        avatar.addThemeVariants(AvatarVariant.LUMO_XSMALL);
        var trigger = new HorizontalLayout(avatar, new Span(name));
        trigger.setAlignItems(FlexComponent.Alignment.CENTER);
        trigger.setSpacing(true);
        var root = userMenu.addItem(trigger);
        root.getElement().setAttribute("aria-label", getTranslation("ui.user-menu"));
        var mine = choices.mine();
        languageMenu(root.getSubMenu().addItem(getTranslation("ui.language")).getSubMenu(), mine.language());
        schemeMenu(root.getSubMenu().addItem(getTranslation("ui.color-scheme")).getSubMenu(), mine.colorScheme());
        root.getSubMenu()
                .addItem(getTranslation("ui.sign-out"), event -> authentication.logout())
                .setId("sign-out");
        userMenu.addThemeVariants(MenuBarVariant.LUMO_TERTIARY_INLINE);
        userMenu.setId("user-menu");

        var header = new HorizontalLayout(new DrawerToggle(), title, userMenu);
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.expand(title);
        header.addClassNames("app-header");
        addToNavbar(header);

        MenuConfiguration.getMenuEntries().forEach(entry -> navigation.addItem(item(entry)));
        navigation.setId("navigation");
        addToDrawer(navigation);
        setPrimarySection(Section.DRAWER);
    }

    private void languageMenu(SubMenu menu, @Nullable String chosen) {
        option(menu, "language-browser", getTranslation("ui.language.browser"), chosen == null, () -> language(null));
        for (var language : new String[] {"en", "de"}) {
            option(
                    menu,
                    "language-" + language,
                    getTranslation("ui.language." + language),
                    language.equals(chosen),
                    () -> language(language));
        }
    }

    private void schemeMenu(SubMenu menu, @Nullable String chosen) {
        option(menu, "scheme-system", getTranslation("ui.color-scheme.system"), chosen == null, () -> scheme(null));
        for (var scheme : new String[] {"light", "dark"}) {
            option(
                    menu,
                    "scheme-" + scheme,
                    getTranslation("ui.color-scheme." + scheme),
                    scheme.equals(chosen),
                    () -> scheme(scheme));
        }
    }

    private static void option(SubMenu menu, String id, String text, boolean chosen, Runnable choose) {
        MenuItem item = menu.addItem(text, event -> choose.run());
        item.setId(id);
        item.setCheckable(true);
        item.setChecked(chosen);
    }

    private void language(@Nullable String language) {
        choices.chooseLanguage(language);
        var ui = UI.getCurrent();
        ui.getSession().setLocale(language == null ? browserLocale() : Locale.forLanguageTag(language));
        // Every text on the page is in the old language: load it again, in the new one.
        ui.getPage().reload();
    }

    private void scheme(@Nullable String scheme) {
        choices.chooseColorScheme(scheme);
        UI.getCurrent().getPage().setColorScheme(ChoicesOnStart.scheme(scheme));
    }

    /** The browser's language if the portal speaks it, else English. */
    private static Locale browserLocale() {
        var request = VaadinRequest.getCurrent();
        var asked = request == null ? null : request.getLocale();
        return asked != null
                        && Translations.LOCALES.stream()
                                .anyMatch(l -> l.getLanguage().equals(asked.getLanguage()))
                ? Locale.forLanguageTag(asked.getLanguage())
                : Locale.ENGLISH;
    }

    /** A menu title is a text key of the view's feature ({@code devices.menu.mine}); older views still name it. */
    private SideNavItem item(MenuEntry entry) {
        var title = entry.title().contains(" ") || !entry.title().contains(".")
                ? entry.title()
                : getTranslation(entry.title());
        return entry.icon() == null
                ? new SideNavItem(title, entry.path())
                : new SideNavItem(title, entry.path(), new Icon(entry.icon()));
    }
}
