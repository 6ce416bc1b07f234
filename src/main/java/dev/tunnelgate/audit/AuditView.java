package dev.tunnelgate.audit;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import dev.tunnelgate.ui.Formats;
import jakarta.annotation.security.RolesAllowed;

/** The audit log for admins and auditors: newest first, filtered by actor, target and action. */
@Route("audit")
@PageTitle("Audit · Tunnelgate")
@Menu(order = 95, icon = "vaadin:archive", title = "Audit")
// Role names as literals: identity writes audit events, so audit must not depend on identity.
@RolesAllowed({"ADMIN", "AUDITOR"})
public class AuditView extends Main {
    final Grid<AuditEvent> grid = new Grid<>();
    final TextField actor = new TextField("Actor");
    final TextField target = new TextField("Target (e.g. device:12)");
    final ComboBox<AuditAction> action = new ComboBox<>("Action", AuditAction.values());

    AuditView(AuditLog audit) {
        grid.addColumn(e -> Formats.dateTime(e.occurredAt())).setHeader("When").setAutoWidth(true);
        grid.addColumn(AuditEvent::actor).setHeader("Actor").setAutoWidth(true);
        grid.addColumn(AuditEvent::action).setHeader("Action").setAutoWidth(true);
        grid.addColumn(AuditEvent::target).setHeader("Target").setAutoWidth(true);
        grid.addColumn(AuditEvent::details).setHeader("Details").setFlexGrow(1);
        grid.setItems(query -> audit
                .search(
                        new AuditFilter(
                                actor.getValue(),
                                target.getValue(),
                                action.getOptionalValue().map(AuditAction::code).orElse("")),
                        VaadinSpringDataHelpers.toSpringPageRequest(query))
                .stream());
        grid.setSizeFull();
        for (var field : new TextField[] {actor, target}) {
            field.setValueChangeMode(ValueChangeMode.LAZY);
            field.setClearButtonVisible(true);
            field.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        }
        action.setItemLabelGenerator(AuditAction::code);
        action.setPlaceholder("Any");
        action.setClearButtonVisible(true);
        action.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        addClassNames("view");
        setSizeFull();
        add(new H2("Audit"), new HorizontalLayout(actor, target, action), grid);
    }
}
