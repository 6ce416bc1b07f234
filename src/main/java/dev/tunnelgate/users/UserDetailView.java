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
    final Button offboard = new Button(getTranslation("users.offboard"));
    final Button restore = new Button(getTranslation("users.restore"));
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

        devices.addColumn(DeviceRow::name)
                .setHeader(getTranslation("users.column.name"))
                .setAutoWidth(true);
        devices.addColumn(DeviceRow::networkName)
                .setHeader(getTranslation("users.column.network"))
                .setAutoWidth(true);
        devices.addColumn(row -> getTranslation(
                        "users.device-status." + row.status().name().toLowerCase(Locale.ROOT)))
                .setHeader(getTranslation("users.column.status"))
                .setAutoWidth(true);
        devices.addColumn(row ->
                        row.ipv6Address() == null ? row.ipv4Address() : row.ipv4Address() + ", " + row.ipv6Address())
                .setHeader(getTranslation("users.column.addresses"))
                .setAutoWidth(true);
        devices.addColumn(row -> Formats.dateTime(row.createdAt()))
                .setHeader(getTranslation("users.column.created"))
                .setAutoWidth(true);
        devices.addColumn(row -> {
                    var reason = row.lifecycle().revokeReason();
                    return reason == null ? "" : reason;
                })
                .setHeader(getTranslation("users.column.revoke-reason"))
                .setFlexGrow(1);
        signIns.addColumn(e -> Formats.dateTime(e.occurredAt()))
                .setHeader(getTranslation("users.column.when"))
                .setAutoWidth(true);
        signIns.addColumn(AuditEvent::details)
                .setHeader(getTranslation("users.column.roles"))
                .setFlexGrow(1);
        trail.addColumn(e -> Formats.dateTime(e.occurredAt()))
                .setHeader(getTranslation("users.column.when"))
                .setAutoWidth(true);
        trail.addColumn(AuditEvent::actor)
                .setHeader(getTranslation("users.column.actor"))
                .setAutoWidth(true);
        trail.addColumn(AuditEvent::action)
                .setHeader(getTranslation("users.column.action"))
                .setAutoWidth(true);
        trail.addColumn(AuditEvent::target)
                .setHeader(getTranslation("users.column.target"))
                .setAutoWidth(true);
        trail.addColumn(AuditEvent::details)
                .setHeader(getTranslation("users.column.details"))
                .setFlexGrow(1);
        devices.setEmptyStateText(getTranslation("users.devices.empty"));
        signIns.setEmptyStateText(getTranslation("users.sign-ins.empty"));
        trail.setEmptyStateText(getTranslation("users.trail.empty"));
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
                new Anchor("users", getTranslation("users.back")),
                heading,
                account,
                new H3(getTranslation("users.devices")),
                devices,
                new H3(getTranslation("users.sign-ins")),
                signIns,
                new H3(getTranslation("users.trail")),
                trail);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var id = event.getRouteParameters().getLong("id").orElse(-1L);
        try {
            user = directory.profile(id);
        } catch (UserNotFoundException e) {
            event.rerouteToError(
                    com.vaadin.flow.router.NotFoundException.class,
                    getTranslation("users.not-found", String.valueOf(id)));
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
        return (user == null ? getTranslation("users.user") : user.displayName())
                + " · Tunnelgate"; // not shown: the product name
    }

    private void show(UserProfile profile) {
        title.setText(profile.displayName());
        status.setText(getTranslation(profile.offboarded() ? "users.status.offboarded" : "users.status.active"));
        status.getElement().getThemeList().clear();
        status.getElement().getThemeList().add(profile.offboarded() ? "badge error" : "badge success");
        account.removeAll();
        line("users.email", profile.email() == null ? "—" : profile.email());
        line("users.roles", profile.roles());
        line("users.groups", profile.groups().isEmpty() ? "—" : String.join(", ", profile.groups()));
        line("users.identity", profile.issuer() + " · " + profile.subject());
        line("users.first-sign-in", Formats.dateTime(profile.createdAt()));
        line("users.last-sign-in", Formats.dateTime(profile.lastLoginAt()));
        var offboardedAt = profile.offboardedAt();
        if (offboardedAt != null) {
            line(
                    "users.offboarded",
                    getTranslation(
                            "users.offboarded.by",
                            Formats.dateTime(offboardedAt),
                            String.valueOf(profile.offboardedBy())));
        }
        offboard.setVisible(admin && !profile.offboarded());
        restore.setVisible(admin && profile.offboarded());
    }

    private void line(String labelKey, String value) {
        var row = new Div(new Span(getTranslation(labelKey) + ": "), new Span(value));
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
                getTranslation("users.offboard.title", profile.displayName()),
                getTranslation("users.offboard.text", count, profile.displayName()),
                getTranslation("users.offboard.confirm", count),
                e -> {
                    try {
                        int revoked = offboarding.offboard(profile.id());
                        Feedback.success(getTranslation("users.offboard.done", profile.displayName(), revoked));
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
                getTranslation("users.restore.title", profile.displayName()),
                getTranslation("users.restore.text", profile.displayName()),
                getTranslation("users.restore"),
                e -> {
                    try {
                        directory.restore(profile.id());
                        Feedback.success(getTranslation("users.restore.done", profile.displayName()));
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
