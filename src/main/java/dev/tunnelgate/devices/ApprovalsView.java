package dev.tunnelgate.devices;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.NotFoundException;
import dev.tunnelgate.ui.Feedback;
import dev.tunnelgate.ui.Formats;
import dev.tunnelgate.ui.LiveUpdates;
import jakarta.annotation.security.RolesAllowed;

/**
 * Devices waiting for a decision; approvers approve or reject, never their own. New requests and decisions made
 * elsewhere show up without a reload.
 */
@Route("approvals")
@Menu(order = 20, icon = "vaadin:check-square-o", title = "approvals.menu")
@RolesAllowed(Roles.APPROVER)
public class ApprovalsView extends Main implements HasDynamicTitle {
    final Grid<DeviceRow> grid = new Grid<>();
    private final DeviceService devices;

    ApprovalsView(DeviceService devices) {
        this.devices = devices;
        grid.addColumn(DeviceRow::ownerName)
                .setHeader(getTranslation("approvals.user"))
                .setAutoWidth(true);
        grid.addColumn(DeviceRow::name)
                .setHeader(getTranslation("approvals.device"))
                .setAutoWidth(true);
        grid.addColumn(row -> ImportGuide.label(row.platform()))
                .setHeader(getTranslation("approvals.platform"))
                .setAutoWidth(true);
        grid.addColumn(DeviceRow::networkName)
                .setHeader(getTranslation("approvals.network"))
                .setAutoWidth(true);
        grid.addColumn(row -> Formats.dateTime(row.createdAt()))
                .setHeader(getTranslation("approvals.requested"))
                .setAutoWidth(true);
        grid.addComponentColumn(this::actions).setAutoWidth(true);
        grid.setItems(query -> devices.pending(VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        grid.setEmptyStateText(getTranslation("approvals.empty"));
        grid.setSizeFull();
        addClassNames("view");
        setSizeFull();
        add(new H2(getTranslation("approvals.title")), grid);
        LiveUpdates.subscribe(this, grid.getDataProvider()::refreshAll);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("approvals.title") + " · " + getTranslation("ui.app-title");
    }

    private HorizontalLayout actions(DeviceRow row) {
        var approve = new Button(getTranslation("approvals.approve"), e -> decide(() -> devices.approve(row.id())));
        approve.addThemeVariants(ButtonVariant.LUMO_SUCCESS, ButtonVariant.LUMO_SMALL);
        var reject = new Button(getTranslation("approvals.reject"), e -> askReason(row));
        reject.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
        return new HorizontalLayout(approve, reject);
    }

    private void askReason(DeviceRow row) {
        var reason = new TextField(getTranslation("approvals.reason"));
        reason.setMaxLength(Device.REASON_MAX_LENGTH);
        reason.setWidthFull();
        var dialog = new ConfirmDialog();
        dialog.setHeader(getTranslation("approvals.reject-title", row.name(), row.ownerName()));
        dialog.add(reason);
        dialog.setCancelable(true);
        dialog.setCancelText(getTranslation("approvals.cancel"));
        dialog.setConfirmText(getTranslation("approvals.reject"));
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
