package dev.tunnelgate.devices;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.NotFoundException;
import dev.tunnelgate.ui.Feedback;
import dev.tunnelgate.ui.Formats;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The landing page: the signed-in user's own devices. */
@Route("")
@PageTitle("My devices · Tunnelgate")
@Menu(order = 0, icon = "vaadin:laptop", title = "My devices")
@PermitAll
public class MyDevicesView extends Main {
    final Grid<DeviceRow> grid = new Grid<>();
    final Button add = new Button("Add device");
    private final DeviceService devices;
    /** Devices (of the rows fetched) whose downloaded config no longer has their AllowedIPs. */
    private final Set<Long> outdatedConfigs = new HashSet<>();

    private final ReachColumn reach;
    private final NetworkService networks;
    private final Clock clock;
    private final KeyRotation rotation;
    /** The networks' "ask for a new key after N days" rules, per network of the rows fetched (null: off). */
    private final Map<Long, Optional<Integer>> rotateAfterDays = new HashMap<>();

    MyDevicesView(
            DeviceService devices, NetworkService networks, DeviceReach reaches, Clock clock, KeyRotation rotation) {
        this.devices = devices;
        this.networks = networks;
        this.clock = clock;
        this.rotation = rotation;
        this.reach = new ReachColumn(reaches);
        grid.addColumn(DeviceRow::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(DeviceRow::networkName).setHeader("Network").setAutoWidth(true);
        grid.addColumn(row -> statusText(row)).setHeader("Status").setAutoWidth(true);
        grid.addColumn(row -> deliveryText(row.delivery()))
                .setHeader("Gateways")
                .setAutoWidth(true);
        grid.addColumn(row -> LastSeen.text(row.lifecycle(), clock.instant()))
                .setHeader("Last seen")
                .setKey("last-seen")
                .setAutoWidth(true);
        grid.addColumn(row -> row.ipv4Address() + (row.ipv6Address() == null ? "" : " " + row.ipv6Address()))
                .setHeader("Addresses")
                .setAutoWidth(true);
        grid.addColumn(row -> row.keyOrigin().name().toLowerCase(java.util.Locale.ROOT))
                .setHeader("Keys")
                .setAutoWidth(true);
        grid.addColumn(reach::text).setHeader("Can reach").setKey("reach").setAutoWidth(true);
        grid.addColumn(row -> Formats.dateTime(row.createdAt()))
                .setHeader("Added")
                .setAutoWidth(true);
        grid.addComponentColumn(this::actions).setHeader("").setKey("actions").setAutoWidth(true);
        grid.setItems(query -> {
            var page = reach.load(devices.myDevices(VaadinSpringDataHelpers.toSpringPageRequest(query))
                    .getContent());
            var ids = page.stream().map(DeviceRow::id).toList();
            outdatedConfigs.removeAll(ids);
            outdatedConfigs.addAll(devices.outdatedConfigs(ids));
            rotateAfterDays.clear();
            page.forEach(row -> rotateAfterDays.computeIfAbsent(
                    row.networkId(),
                    id -> Optional.ofNullable(networks.lifecycle(id).rotateAfterDays())));
            return page.stream();
        });
        grid.setSizeFull();
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add.setId("add-device");
        add.addClickListener(e -> new AddDeviceDialog(devices, networks, grid.getDataProvider()::refreshAll).open());
        addClassNames("view");
        setSizeFull();
        add(new HorizontalLayout(new H2("My devices"), add), grid);
    }

    private static String statusText(DeviceRow row) {
        return switch (row.status()) {
            case PENDING -> "pending approval";
            case ACTIVE -> {
                var rotating = ReplaceKeyDialog.rotationText(row);
                yield rotating == null ? "active" : "active; " + rotating;
            }
            case REJECTED -> "rejected" + (row.decisionReason() == null ? "" : ": " + row.decisionReason());
            case REVOKED -> revokedText(row);
        };
    }

    /** e.g. "revoked by Alice Admin: laptop reported stolen"; the actor's account id is left out. */
    private static String revokedText(DeviceRow row) {
        var reason = row.lifecycle().revokeReason();
        var by = row.lifecycle().revokedBy();
        if (reason == null) {
            return "revoked";
        }
        return (by == null ? "revoked" : "revoked by " + by.replaceFirst(" \\(user:[0-9]+\\)$", "")) + ": " + reason;
    }

    /** The "Gateways" column, e.g. "active on 2/2 gateways" or "revocation pending on gw-b (1/2)". */
    public static String deliveryText(@Nullable Delivery delivery) {
        return switch (delivery) {
            case null -> "";
            case Delivery.Unserved() -> "no gateway group serves this network";
            case Delivery.AwaitingMember() -> "waiting for a gateway member";
            case Delivery.Pending(var behind, var members) -> "pending on " + onMembers(behind, members);
            case Delivery.Active(var members) -> "active on %d/%d gateways".formatted(members, members);
            case Delivery.RevocationPending(var behind, var members) ->
                "revocation pending on " + onMembers(behind, members);
            case Delivery.Removed(var members) ->
                members == 0 ? "removed (the group has no members)" : "removed from all %d gateways".formatted(members);
        };
    }

    /** e.g. "gw-b, gw-c (1/3)": who lacks the change, and how many of all members have it. */
    private static String onMembers(List<String> behind, int members) {
        return String.join(", ", behind) + " (%d/%d)".formatted(members - behind.size(), members);
    }

    private HorizontalLayout actions(DeviceRow row) {
        var actions = new HorizontalLayout();
        var rule = rotateAfterDays.getOrDefault(row.networkId(), Optional.empty());
        for (var flag : LifecycleFlags.of(row, rule.orElse(null), clock.instant())) {
            var mark = new Span(flag);
            mark.getElement().getThemeList().add("badge contrast");
            mark.addClassName("lifecycle-flag");
            actions.add(mark);
        }
        if (row.status() == DeviceStatus.ACTIVE || row.status() == DeviceStatus.PENDING) {
            var outdated = outdatedConfigs.contains(row.id());
            var download = new Anchor("devices/" + row.id() + "/config", outdated ? "New config" : "Config");
            download.getElement().setAttribute("download", true);
            if (outdated) {
                var mark = new Span("config outdated");
                mark.getElement().getThemeList().add("badge warning");
                mark.setTitle("What this device may reach changed since its config was downloaded: "
                        + "download the new config and import it again.");
                actions.add(mark);
            }
            var rename = new Button("Rename", e -> rename(row));
            var revoke = new Button("Revoke", e -> confirmRevoke(row));
            revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            rename.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            actions.add(download, rename);
            if (row.lifecycle().nextPublicKey() != null) {
                var nextConfig = new Anchor("devices/" + row.id() + "/next-config", "New key's config");
                nextConfig.getElement().setAttribute("download", true);
                actions.add(nextConfig);
            } else if (row.status() == DeviceStatus.ACTIVE) {
                var replaceKey = new Button(
                        "Replace key",
                        e -> new ReplaceKeyDialog(rotation, row, grid.getDataProvider()::refreshAll).open());
                replaceKey.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
                actions.add(replaceKey);
            }
            actions.add(revoke);
        }
        return actions;
    }

    private void rename(DeviceRow row) {
        var field = new TextField("New name", row.name(), "");
        field.setId("rename-name");
        field.setMaxLength(Device.NAME_MAX_LENGTH);
        var feedback = Feedback.forFields(Map.of(DeviceField.NAME, field));
        var dialog = new Dialog();
        dialog.setHeaderTitle("Rename " + row.name());
        dialog.add(field);
        var confirm = new Button("Rename", e -> {
            try {
                devices.rename(row.id(), field.getValue());
                dialog.close();
                grid.getDataProvider().refreshAll();
            } catch (InvalidInputException | NotFoundException error) {
                // The dialog stays open with the reason on the field (a name taken, perhaps from another window).
                feedback.show(error);
            }
        });
        confirm.setId("rename-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), confirm);
        dialog.open();
    }

    private void confirmRevoke(DeviceRow row) {
        var dialog = new ConfirmDialog(
                "Revoke " + row.name() + "?",
                "The device loses access. This cannot be undone; add it again to reconnect.",
                "Revoke",
                e -> {
                    try {
                        devices.revoke(row.id());
                    } catch (InvalidInputException error) {
                        // Revoked or rejected meanwhile, from another window or by someone else.
                        Feedback.error(error);
                    }
                    grid.getDataProvider().refreshAll();
                });
        dialog.setCancelable(true);
        dialog.setConfirmButtonTheme("error primary");
        dialog.open();
    }
}
