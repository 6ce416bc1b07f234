package dev.tunnelgate.identity;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import dev.tunnelgate.ui.Formats;
import jakarta.annotation.security.RolesAllowed;

@Route("users")
@PageTitle("Users · Tunnelgate")
@Menu(order = 90, icon = "vaadin:users", title = "Users")
@RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
public class UsersView extends Main {
    final Grid<UserRow> grid = new Grid<>();

    UsersView(UserDirectory directory) {
        // The detail (users/<id>) is a view of its own feature, which builds on this one: linked by its path.
        grid.addComponentColumn(UsersView::name)
                .setHeader("Name")
                .setAutoWidth(true)
                .setKey("name");
        grid.addColumn(row -> row.email() == null ? "" : row.email())
                .setHeader("E-mail")
                .setAutoWidth(true);
        grid.addColumn(UserRow::roles).setHeader("Roles").setAutoWidth(true);
        grid.addColumn(row -> Formats.dateTime(row.lastLoginAt()))
                .setHeader("Last sign-in")
                .setAutoWidth(true);
        grid.addColumn(row -> Formats.dateTime(row.createdAt()))
                .setHeader("First sign-in")
                .setAutoWidth(true);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setItems(query -> directory.list(VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        grid.setSizeFull();
        setSizeFull();
        addClassNames("view");
        add(new H2("Users"), grid);
    }

    private static HorizontalLayout name(UserRow row) {
        var cell = new HorizontalLayout(new Anchor("users/" + row.id(), row.displayName()));
        cell.setSpacing(true);
        if (row.offboardedAt() != null) {
            var badge = new Span("offboarded");
            badge.getElement().getThemeList().add("badge error");
            cell.add(badge);
        }
        return cell;
    }
}
