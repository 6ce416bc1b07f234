package dev.tunnelgate.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.NavigationTrigger;
import com.vaadin.flow.router.RouteConfiguration;
import dev.tunnelgate.devices.MyDevicesView;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.Views;
import dev.tunnelgate.ui.MainLayout;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The not-found page, driven server-side: inside the shell, with the way back to My devices, in both languages. */
class NotFoundViewIT extends PortalIntegrationTest {
    @Autowired
    ApplicationContext context;

    @BeforeEach
    void start() {
        Views.start(context);
        Views.signIn(TestLogins.as(4711, "Nora Nowhere", Roles.USER), Roles.USER);
    }

    @AfterEach
    void stop() {
        Views.stop();
    }

    /** As a browser opens an address (a page load), not as a link inside the app navigates. */
    private static int open(String path) {
        var ui = UI.getCurrent();
        return ui.getInternals().getRouter().navigate(ui, new Location(path), NavigationTrigger.PAGE_LOAD);
    }

    @Test
    void an_unknown_address_shows_the_not_found_page_in_the_shell_with_a_link_to_my_devices() {
        assertThat(open("no/such/page")).as("HTTP status").isEqualTo(404);

        var view = LocatorJ._get(NotFoundView.class);
        assertThat(view.heading.getText()).isEqualTo("This page does not exist");
        assertThat(view.myDevices.getHref())
                .isEqualTo(RouteConfiguration.forSessionScope().getUrl(MyDevicesView.class));
        assertThat(view.getParent()).get().isInstanceOf(MainLayout.class);
        assertThat(UI.getCurrent().getInternals().getTitle()).isEqualTo("Page not found · Tunnelgate");

        UI.getCurrent().navigate(view.myDevices.getHref());
        LocatorJ._get(MyDevicesView.class);
    }

    @Test
    void the_not_found_page_speaks_german_too() {
        UI.getCurrent().setLocale(Locale.GERMAN);

        open("gibt-es-nicht");

        assertThat(LocatorJ._get(NotFoundView.class).heading.getText()).isEqualTo("Diese Seite gibt es nicht");
    }
}
