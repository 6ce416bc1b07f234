package dev.tunnelgate.overview;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.tunnelgate.identity.Roles;
import org.springframework.stereotype.Component;

/**
 * Admins and auditors land on the overview: the first page a signed-in session opens, when it is the start page
 * ("", My devices), is the overview instead. Only the first: My devices stays one click away in the menu, and
 * opening it again (or reloading it) shows it. Everyone else lands on My devices as before.
 */
@Component
class AdminLanding implements VaadinServiceInitListener {
    /** Set once the session's first signed-in navigation has happened. */
    private static final String LANDED = AdminLanding.class.getName() + ".landed";

    private final AuthenticationContext authentication;

    AdminLanding(AuthenticationContext authentication) {
        this.authentication = authentication;
    }

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addUIInitListener(init -> init.getUI().addBeforeEnterListener(this::land));
    }

    private void land(BeforeEnterEvent event) {
        var session = VaadinSession.getCurrent();
        if (session == null || !authentication.isAuthenticated() || session.getAttribute(LANDED) != null) {
            return;
        }
        session.setAttribute(LANDED, Boolean.TRUE);
        if (event.getLocation().getPath().isEmpty()
                && !event.isErrorEvent()
                && authentication.hasAnyRole(Roles.ADMIN, Roles.AUDITOR)) {
            event.forwardTo(OverviewView.class);
        }
    }
}
