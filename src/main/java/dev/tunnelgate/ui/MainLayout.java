package dev.tunnelgate.ui;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.avatar.Avatar;
import com.vaadin.flow.component.avatar.AvatarVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.server.menu.MenuEntry;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.PermitAll;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/** The shell every signed-in page lives in: navigation on the side, the user menu on top. */
@Layout
@PermitAll
public class MainLayout extends AppLayout {
    final SideNav navigation = new SideNav();
    final MenuBar userMenu = new MenuBar();

    MainLayout(AuthenticationContext authentication) {
        var title = new Span("Tunnelgate");
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
        root.getElement().setAttribute("aria-label", "User menu");
        root.getSubMenu().addItem("Sign out", event -> authentication.logout()).setId("sign-out");
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

    private static SideNavItem item(MenuEntry entry) {
        return entry.icon() == null
                ? new SideNavItem(entry.title(), entry.path())
                : new SideNavItem(entry.title(), entry.path(), new Icon(entry.icon()));
    }
}
