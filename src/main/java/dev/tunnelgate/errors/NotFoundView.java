package dev.tunnelgate.errors;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.ParentLayout;
import com.vaadin.flow.router.RouterLink;
import dev.tunnelgate.devices.MyDevicesView;
import dev.tunnelgate.ui.MainLayout;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletResponse;

/**
 * An address that names no page, inside the shell (navigation and user menu stay), answered with HTTP 404. Only
 * signed-in users get here: the security chain sends everyone else to sign-in first, so an anonymous request learns
 * nothing about which addresses exist.
 */
@ParentLayout(MainLayout.class)
@PermitAll
public class NotFoundView extends Main implements HasErrorParameter<NotFoundException>, HasDynamicTitle {
    final H2 heading = new H2();
    final Paragraph text = new Paragraph();
    final RouterLink myDevices = new RouterLink();

    public NotFoundView() {
        heading.setText(getTranslation("errors.not-found.heading"));
        text.setText(getTranslation("errors.not-found.text"));
        myDevices.setText(getTranslation("errors.not-found.my-devices"));
        myDevices.setRoute(MyDevicesView.class);
        myDevices.setId("not-found-my-devices");
        addClassNames("view");
        setId("not-found");
        add(heading, text, new Paragraph(myDevices));
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
        return HttpServletResponse.SC_NOT_FOUND;
    }

    @Override
    public String getPageTitle() {
        return getTranslation("errors.not-found.title") + " · " + getTranslation("ui.app-title");
    }
}
