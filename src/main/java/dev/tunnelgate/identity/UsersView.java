package dev.tunnelgate.identity;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.i18n.I18NProvider;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import dev.tunnelgate.ui.Formats;
import jakarta.annotation.security.RolesAllowed;

@Route("users")
@Menu(order = 90, icon = "vaadin:users", title = "users.menu")
@RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
public class UsersView extends Main implements HasDynamicTitle {
    final Grid<UserRow> grid = new Grid<>();

    UsersView(UserDirectory directory) {
        // The detail (users/<id>) is a view of its own feature, which builds on this one: linked by its path.
        grid.addComponentColumn(UsersView::name)
                .setHeader(getTranslation("users.column.name"))
                .setAutoWidth(true)
                .setKey("name");
        grid.addColumn(row -> row.email() == null ? "" : row.email())
                .setHeader(getTranslation("users.email"))
                .setAutoWidth(true);
        grid.addColumn(UserRow::roles)
                .setHeader(getTranslation("users.column.roles"))
                .setAutoWidth(true);
        grid.addColumn(row -> Formats.dateTime(row.lastLoginAt()))
                .setHeader(getTranslation("users.last-sign-in"))
                .setAutoWidth(true);
        grid.addColumn(row -> Formats.dateTime(row.createdAt()))
                .setHeader(getTranslation("users.first-sign-in"))
                .setAutoWidth(true);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setItems(query -> directory.list(VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        grid.setSizeFull();
        grid.setEmptyStateText(getTranslation("users.empty"));
        setSizeFull();
        addClassNames("view");
        add(new H2(getTranslation("users.title")), grid);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("users.title") + " · Tunnelgate"; // not shown: the product name
    }

    private static HorizontalLayout name(UserRow row) {
        var cell = new HorizontalLayout(new Anchor("users/" + row.id(), row.displayName()));
        cell.setSpacing(true);
        if (row.offboardedAt() != null) {
            var badge = new Span(I18NProvider.translate("users.status.offboarded"));
            badge.getElement().getThemeList().add("badge error");
            cell.add(badge);
        }
        return cell;
    }
}
