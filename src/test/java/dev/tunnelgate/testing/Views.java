package dev.tunnelgate.testing;

import com.github.mvysny.fakeservlet.FakeRequest;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.github.mvysny.kaributesting.v10.spring.MockSpringServlet;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinServletRequest;
import java.util.Set;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Server-side view tests (Karibu) in the shared Spring context, signed in as a given user. */
public final class Views {
    private Views() {}

    public static void start(ApplicationContext context) {
        MockVaadin.setup(
                UI::new, new MockSpringServlet(new Routes().autoDiscoverViews("dev.tunnelgate"), context, UI::new));
    }

    /**
     * Signs in for both checks Vaadin and Spring make: the security context (services) and the
     * request's principal and roles (view access).
     */
    public static void signIn(Authentication authentication, String... roles) {
        SecurityContextHolder.getContext().setAuthentication(authentication);
        var request = (FakeRequest) VaadinServletRequest.getCurrent().getRequest();
        request.setUserPrincipalInt(authentication);
        var granted = Set.of(roles);
        request.setUserInRole((principal, role) -> granted.contains(role));
    }

    public static void stop() {
        MockVaadin.tearDown();
        SecurityContextHolder.clearContext();
    }
}
