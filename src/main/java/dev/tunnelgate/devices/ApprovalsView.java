package dev.tunnelgate.devices;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.NotFoundException;
import dev.tunnelgate.ui.Feedback;
import dev.tunnelgate.ui.Formats;
import jakarta.annotation.security.RolesAllowed;

/** Devices waiting for a decision; approvers approve or reject, never their own. */
@Route("approvals")
@PageTitle("Approvals · Tunnelgate")
@Menu(order = 20, icon = "vaadin:check-square-o", title = "Approvals")
@RolesAllowed(Roles.APPROVER)
public class ApprovalsView extends Main {
    final Grid<DeviceRow> grid = new Grid<>();
    private final DeviceService devices;

    ApprovalsView(DeviceService devices) {
        this.devices = devices;
        grid.addColumn(DeviceRow::ownerName).setHeader("User").setAutoWidth(true);
        grid.addColumn(DeviceRow::name).setHeader("Device").setAutoWidth(true);
        grid.addColumn(row -> row.platform().label()).setHeader("Platform").setAutoWidth(true);
        grid.addColumn(DeviceRow::networkName).setHeader("Network").setAutoWidth(true);
        grid.addColumn(row -> Formats.dateTime(row.createdAt()))
                .setHeader("Requested")
                .setAutoWidth(true);
        grid.addComponentColumn(this::actions).setAutoWidth(true);
        grid.setItems(query -> devices.pending(VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        grid.setSizeFull();
        addClassNames("view");
        setSizeFull();
        add(new H2("Approvals"), grid);
    }

    private HorizontalLayout actions(DeviceRow row) {
        var approve = new Button("Approve", e -> decide(() -> devices.approve(row.id())));
        approve.addThemeVariants(ButtonVariant.LUMO_SUCCESS, ButtonVariant.LUMO_SMALL);
        var reject = new Button("Reject", e -> askReason(row));
        reject.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
        return new HorizontalLayout(approve, reject);
    }

    private void askReason(DeviceRow row) {
        var reason = new TextField("Reason (the owner sees it)");
        reason.setMaxLength(Device.REASON_MAX_LENGTH);
        reason.setWidthFull();
        var dialog = new ConfirmDialog();
        dialog.setHeader("Reject " + row.name() + " of " + row.ownerName());
        dialog.add(reason);
        dialog.setCancelable(true);
        dialog.setConfirmText("Reject");
        dialog.addConfirmListener(e -> decide(() -> devices.reject(row.id(), reason.getValue())));
        dialog.open();
    }

    private void decide(Runnable decision) {
        try {
            decision.run();
        } catch (InvalidInputException | NotFoundException error) {
            Feedback.error(error);
        }
        grid.getDataProvider().refreshAll();
    }
}
