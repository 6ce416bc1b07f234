package dev.tunnelgate.users;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditEvent;
import dev.tunnelgate.audit.AuditFilter;
import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.audit.AuditTarget;
import dev.tunnelgate.devices.DeviceRow;
import dev.tunnelgate.devices.DeviceService;
import dev.tunnelgate.devices.Offboarding;
import dev.tunnelgate.identity.CurrentUser;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.UserDirectory;
import dev.tunnelgate.identity.UserNotFoundException;
import dev.tunnelgate.identity.UserProfile;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.ui.Feedback;
import dev.tunnelgate.ui.Formats;
import jakarta.annotation.security.RolesAllowed;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One user for admins and auditors: the groups and roles of the last sign-in, recent sign-ins, devices and the audit
 * trail. Admins offboard and restore the account here; auditors see no buttons (and the services refuse them).
 */
@Route("users/:id([0-9]{1,18})")
@RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
public class UserDetailView extends Main implements BeforeEnterObserver, HasDynamicTitle {
    final H2 title = new H2();
    final Span status = new Span();
    final Div account = new Div();
    final Button offboard = new Button("Offboard");
    final Button restore = new Button("Restore");
    final Grid<DeviceRow> devices = new Grid<>();
    final Grid<AuditEvent> signIns = new Grid<>();
    final Grid<AuditEvent> trail = new Grid<>();

    private final UserDirectory directory;
    private final DeviceService deviceService;
    private final Offboarding offboarding;
    private final AuditLog audit;
    private final boolean admin;
    private @Nullable UserProfile user;

    UserDetailView(
            UserDirectory directory,
            DeviceService deviceService,
            Offboarding offboarding,
            AuditLog audit,
            CurrentUser currentUser) {
        this.directory = directory;
        this.deviceService = deviceService;
        this.offboarding = offboarding;
        this.audit = audit;
        this.admin = currentUser.hasRole(Roles.ADMIN);

        devices.addColumn(DeviceRow::name).setHeader("Name").setAutoWidth(true);
        devices.addColumn(DeviceRow::networkName).setHeader("Network").setAutoWidth(true);
        devices.addColumn(row -> row.status().name().toLowerCase(Locale.ROOT))
                .setHeader("Status")
                .setAutoWidth(true);
        devices.addColumn(row ->
                        row.ipv6Address() == null ? row.ipv4Address() : row.ipv4Address() + ", " + row.ipv6Address())
                .setHeader("Addresses")
                .setAutoWidth(true);
        devices.addColumn(row -> Formats.dateTime(row.createdAt()))
                .setHeader("Created")
                .setAutoWidth(true);
        devices.addColumn(row -> {
                    var reason = row.lifecycle().revokeReason();
                    return reason == null ? "" : reason;
                })
                .setHeader("Revoke reason")
                .setFlexGrow(1);
        signIns.addColumn(e -> Formats.dateTime(e.occurredAt()))
                .setHeader("When")
                .setAutoWidth(true);
        signIns.addColumn(AuditEvent::details).setHeader("Roles").setFlexGrow(1);
        trail.addColumn(e -> Formats.dateTime(e.occurredAt())).setHeader("When").setAutoWidth(true);
        trail.addColumn(AuditEvent::actor).setHeader("Actor").setAutoWidth(true);
        trail.addColumn(AuditEvent::action).setHeader("Action").setAutoWidth(true);
        trail.addColumn(AuditEvent::target).setHeader("Target").setAutoWidth(true);
        trail.addColumn(AuditEvent::details).setHeader("Details").setFlexGrow(1);
        for (var grid : new Grid<?>[] {devices, signIns, trail}) {
            grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
            grid.setHeight("16rem");
        }

        offboard.setId("offboard");
        offboard.addThemeVariants(ButtonVariant.LUMO_ERROR);
        offboard.addClickListener(e -> confirmOffboard());
        restore.setId("restore");
        restore.addClickListener(e -> confirmRestore());
        offboard.setVisible(false);
        restore.setVisible(false);

        var heading = new HorizontalLayout(title, status, offboard, restore);
        heading.setAlignItems(FlexComponent.Alignment.BASELINE);
        addClassNames("view");
        add(
                new Anchor("users", "← Users"),
                heading,
                account,
                new H3("Devices"),
                devices,
                new H3("Sign-ins"),
                signIns,
                new H3("Audit trail"),
                trail);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var id = event.getRouteParameters().getLong("id").orElse(-1L);
        try {
            user = directory.profile(id);
        } catch (UserNotFoundException e) {
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, "No user " + id);
            return;
        }
        long userId = id;
        devices.setItems(q -> deviceService.ofUser(userId, VaadinSpringDataHelpers.toSpringPageRequest(q)).stream());
        signIns.setItems(q -> audit
                .search(
                        new AuditFilter("", AuditTarget.user(userId).text(), AuditAction.USER_SIGNED_IN.code()),
                        VaadinSpringDataHelpers.toSpringPageRequest(q))
                .stream());
        trail.setItems(q -> audit
                .trail(
                        AuditTarget.user(userId),
                        CurrentUser.actorTag(userId),
                        VaadinSpringDataHelpers.toSpringPageRequest(q))
                .stream());
        show(user);
    }

    @Override
    public String getPageTitle() {
        return (user == null ? "User" : user.displayName()) + " · Tunnelgate";
    }

    private void show(UserProfile profile) {
        title.setText(profile.displayName());
        status.setText(profile.offboarded() ? "offboarded" : "active");
        status.getElement().getThemeList().clear();
        status.getElement().getThemeList().add(profile.offboarded() ? "badge error" : "badge success");
        account.removeAll();
        line("E-mail", profile.email() == null ? "—" : profile.email());
        line("Roles at last sign-in", profile.roles());
        line("Groups at last sign-in", profile.groups().isEmpty() ? "—" : String.join(", ", profile.groups()));
        line("Identity", profile.issuer() + " · " + profile.subject());
        line("First sign-in", Formats.dateTime(profile.createdAt()));
        line("Last sign-in", Formats.dateTime(profile.lastLoginAt()));
        var offboardedAt = profile.offboardedAt();
        if (offboardedAt != null) {
            line("Offboarded", Formats.dateTime(offboardedAt) + " by " + profile.offboardedBy());
        }
        offboard.setVisible(admin && !profile.offboarded());
        restore.setVisible(admin && profile.offboarded());
    }

    private void line(String label, String value) {
        var row = new Div(new Span(label + ": "), new Span(value));
        account.add(row);
    }

    private void refresh(long userId) {
        var profile = directory.profile(userId);
        user = profile;
        show(profile);
        devices.getDataProvider().refreshAll();
        signIns.getDataProvider().refreshAll();
        trail.getDataProvider().refreshAll();
    }

    private void confirmOffboard() {
        var profile = user;
        if (profile == null) {
            return;
        }
        int count = offboarding.devicesToRevoke(profile.id());
        var dialog = new ConfirmDialog(
                "Offboard " + profile.displayName() + "?",
                "This revokes %s (pending and active) at once, and refuses %s's sign-in and new devices until an admin restores the account. Restoring does not bring the devices back."
                        .formatted(count == 1 ? "1 device" : count + " devices", profile.displayName()),
                "Offboard and revoke " + (count == 1 ? "1 device" : count + " devices"),
                e -> {
                    try {
                        int revoked = offboarding.offboard(profile.id());
                        Feedback.success("%s is offboarded; %d %s revoked"
                                .formatted(profile.displayName(), revoked, revoked == 1 ? "device" : "devices"));
                    } catch (InvalidInputException error) {
                        // Offboarded meanwhile by another admin.
                        Feedback.error(error);
                    }
                    refresh(profile.id());
                });
        dialog.setCancelable(true);
        dialog.setConfirmButtonTheme("error primary");
        dialog.setId("offboard-dialog");
        dialog.open();
    }

    private void confirmRestore() {
        var profile = user;
        if (profile == null) {
            return;
        }
        var dialog = new ConfirmDialog(
                "Restore " + profile.displayName() + "?",
                "%s can sign in and add devices again. Devices revoked by the offboarding stay revoked."
                        .formatted(profile.displayName()),
                "Restore",
                e -> {
                    try {
                        directory.restore(profile.id());
                        Feedback.success(profile.displayName() + " is restored");
                    } catch (InvalidInputException error) {
                        Feedback.error(error);
                    }
                    refresh(profile.id());
                });
        dialog.setCancelable(true);
        dialog.setId("restore-dialog");
        dialog.open();
    }
}
