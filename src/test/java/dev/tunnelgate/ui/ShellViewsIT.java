package dev.tunnelgate.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.github.mvysny.kaributesting.v10.MockAccessDeniedException;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.router.RouteData;
import dev.tunnelgate.audit.AuditView;
import dev.tunnelgate.devices.MyDevicesView;
import dev.tunnelgate.gateways.GatewaysView;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.identity.UserDirectory;
import dev.tunnelgate.identity.UsersView;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestUsers;
import dev.tunnelgate.testing.Views;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authorization.AuthorizationDeniedException;

/** The shell as each role sees it, with access decided by the server-side checks. */
class ShellViewsIT extends PortalIntegrationTest {
    @Autowired
    ApplicationContext context;

    @Autowired
    UserDirectory directory;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void startVaadin() {
        Views.start(context);
    }

    @AfterEach
    void stopVaadin() {
        Views.stop();
    }

    private void signIn(String name, String... roles) {
        Views.signIn(TestLogins.as(1000 + name.length(), name, roles), roles);
        UI.getCurrent().navigate("");
    }

    private static List<String> navigationEntries() {
        return LocatorJ._find(SideNavItem.class).stream()
                .map(SideNavItem::getLabel)
                .toList();
    }

    @Test
    void an_employee_lands_on_my_devices_and_sees_no_admin_entries() {
        signIn("Bob Employee", Roles.USER);
        assertThat(LocatorJ._get(MyDevicesView.class)).isNotNull();
        assertThat(navigationEntries()).containsExactly("My devices", "API tokens");
        assertThat(LocatorJ._get(MainLayout.class)
                        .userMenu
                        .getItems()
                        .getFirst()
                        .getElement()
                        .getTextRecursively())
                .contains("Bob Employee");
    }

    @Test
    void an_admin_sees_and_opens_the_users_list() {
        signIn("Alice Admin", Roles.USER, Roles.ADMIN, Roles.APPROVER, Roles.AUDITOR);
        assertThat(navigationEntries())
                .containsExactly(
                        "Overview",
                        "My devices",
                        "Approvals",
                        "Devices",
                        "Networks",
                        "Access",
                        "Explain access",
                        "Gateways",
                        "Jobs",
                        "Users",
                        "Audit",
                        "API tokens");
        UI.getCurrent().navigate(UsersView.class);
        LocatorJ._get(UsersView.class);
        assertThat(LocatorJ._get(Grid.class).getColumns()).hasSize(5);
    }

    @Test
    void every_view_opens_inside_the_shell_that_carries_layout() {
        signIn("Alice Admin", Roles.USER, Roles.ADMIN, Roles.APPROVER, Roles.AUDITOR);
        var routes = RouteConfiguration.forApplicationScope().getAvailableRoutes();
        assertThat(routes)
                .extracting(RouteData::getNavigationTarget)
                .contains(MyDevicesView.class, GatewaysView.class, UsersView.class, AuditView.class);
        // A route with an id parameter (the user detail) opens for an account that exists.
        var someone = Long.toString(TestUsers.insert(jdbc, "Someone"));
        for (var route : routes) {
            UI.getCurrent().navigate(route.getTemplate().replaceAll(":id\\(.*\\)", someone));
            var view = LocatorJ._get(route.getNavigationTarget());
            assertThat(view.getParent()).as(route.getTemplate()).containsInstanceOf(MainLayout.class);
        }
    }

    @Test
    void the_server_refuses_an_employee_the_users_view_even_by_direct_navigation() {
        signIn("Bob Employee", Roles.USER);
        assertThatThrownBy(() -> UI.getCurrent().navigate("users"))
                .isInstanceOf(MockAccessDeniedException.class)
                .hasRootCauseInstanceOf(AccessDeniedException.class);
        LocatorJ._assertNone(UsersView.class);
    }

    @Test
    void the_users_service_refuses_an_employee() {
        signIn("Bob Employee", Roles.USER);
        assertThatThrownBy(() -> directory.list(PageRequest.of(0, 10)))
                .isInstanceOf(AuthorizationDeniedException.class);
    }
}
