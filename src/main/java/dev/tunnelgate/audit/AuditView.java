package dev.tunnelgate.audit;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import dev.tunnelgate.ui.Formats;
import jakarta.annotation.security.RolesAllowed;

/** The audit log for admins and auditors: newest first, filtered by actor, target and action. */
@Route("audit")
@Menu(order = 95, icon = "vaadin:archive", title = "audit.menu")
// Role names as literals: identity writes audit events, so audit must not depend on identity.
@RolesAllowed({"ADMIN", "AUDITOR"})
public class AuditView extends Main implements HasDynamicTitle {
    final Grid<AuditEvent> grid = new Grid<>();
    final TextField actor = new TextField(getTranslation("audit.filter.actor"));
    final TextField target = new TextField(getTranslation("audit.filter.target"));
    final ComboBox<AuditAction> action = new ComboBox<>(getTranslation("audit.filter.action"), AuditAction.values());

    AuditView(AuditLog audit) {
        grid.addColumn(e -> Formats.dateTime(e.occurredAt()))
                .setHeader(getTranslation("audit.column.when"))
                .setAutoWidth(true);
        grid.addColumn(AuditEvent::actor)
                .setHeader(getTranslation("audit.column.actor"))
                .setAutoWidth(true);
        grid.addColumn(AuditEvent::action)
                .setHeader(getTranslation("audit.column.action"))
                .setAutoWidth(true);
        grid.addColumn(AuditEvent::target)
                .setHeader(getTranslation("audit.column.target"))
                .setAutoWidth(true);
        grid.addColumn(AuditEvent::details)
                .setHeader(getTranslation("audit.column.details"))
                .setFlexGrow(1);
        grid.setItems(query -> audit
                .search(
                        new AuditFilter(
                                actor.getValue(),
                                target.getValue(),
                                action.getOptionalValue().map(AuditAction::code).orElse("")),
                        VaadinSpringDataHelpers.toSpringPageRequest(query))
                .stream());
        grid.setSizeFull();
        grid.setEmptyStateText(getTranslation("audit.empty"));
        for (var field : new TextField[] {actor, target}) {
            field.setValueChangeMode(ValueChangeMode.LAZY);
            field.setClearButtonVisible(true);
            field.addValueChangeListener(e -> filtered());
        }
        action.setItemLabelGenerator(AuditAction::code);
        action.setPlaceholder(getTranslation("audit.filter.any"));
        action.setClearButtonVisible(true);
        action.addValueChangeListener(e -> filtered());
        addClassNames("view");
        setSizeFull();
        add(new H2(getTranslation("audit.title")), new HorizontalLayout(actor, target, action), grid);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("audit.title") + " · Tunnelgate"; // not shown: the product name
    }

    private void filtered() {
        var any = actor.getValue().isBlank() && target.getValue().isBlank() && action.isEmpty();
        grid.setEmptyStateText(getTranslation(any ? "audit.empty" : "audit.empty.filtered"));
        grid.getDataProvider().refreshAll();
    }
}
