package dev.tunnelgate.devices;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tunnelgate.ui.MainLayout;
import jakarta.annotation.security.PermitAll;

/** The landing page: the signed-in user's own devices. */
@Route(value = "", layout = MainLayout.class)
@PageTitle("My devices · Tunnelgate")
@Menu(order = 0, icon = "vaadin:laptop", title = "My devices")
@PermitAll
public class MyDevicesView extends Main {
    final Paragraph emptyState = new Paragraph("You have no devices yet.");

    MyDevicesView() {
        addClassNames("view");
        add(new H2("My devices"), emptyState);
    }
}
