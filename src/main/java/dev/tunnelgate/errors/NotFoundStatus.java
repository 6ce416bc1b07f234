package dev.tunnelgate.errors;

import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinServiceInitListener;
import org.springframework.stereotype.Component;

/**
 * Answers an address that names no page with HTTP 404. The page's HTML is normally sent before the router runs (the
 * view follows in a second request), so the status would be 200; for an address that matches no route the router
 * runs while the HTML is built instead, and its status ({@link NotFoundView}'s 404) is the response's. Every other
 * page loads as before.
 */
@Component
class NotFoundStatus implements VaadinServiceInitListener {
    @Override
    public void serviceInit(ServiceInitEvent event) {
        var service = event.getSource();
        service.setBootstrapInitialPredicate(request -> !isRoute(service, request));
    }

    private static boolean isRoute(VaadinService service, VaadinRequest request) {
        var path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        return service.getRouter().getRegistry().getNavigationTarget(path).isPresent();
    }
}
