package dev.tunnelgate.devices;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.virtuallist.VirtualList;
import com.vaadin.flow.data.provider.DataProvider;
import com.vaadin.flow.data.provider.Query;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.policy.Reach;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.NotFoundException;
import dev.tunnelgate.ui.Feedback;
import dev.tunnelgate.ui.Formats;
import dev.tunnelgate.ui.LiveUpdates;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;

/**
 * The landing page: the signed-in user's own devices, as a grid on wide screens and as cards on phones (the theme
 * shows one of the two), kept current by server push. Revoked and rejected devices are hidden until asked for.
 */
@Route("")
@Menu(order = 0, icon = "vaadin:laptop", title = "mydevices.menu")
@PermitAll
public class MyDevicesView extends Main implements HasDynamicTitle {
    /** How many rows a live update compares with what is shown (a user has far fewer devices). */
    private static final int COMPARED_ROWS = 100;

    final Grid<DeviceRow> grid = new Grid<>();
    final VirtualList<DeviceRow> cards = new VirtualList<>();
    final Button add = new Button();
    final Checkbox showEnded = new Checkbox();
    final Span hidden = new Span();
    final Div empty = new Div();
    private final Paragraph emptyText = new Paragraph();
    private final HorizontalLayout header;
    private final DeviceService devices;
    /** Devices (of the rows fetched) whose downloaded config no longer has their AllowedIPs. */
    private final Set<Long> outdatedConfigs = ConcurrentHashMap.newKeySet();

    private final ReachColumn reach;
    private final DeviceReach reaches;
    private final NetworkService networks;
    private final Clock clock;
    private final KeyRotation rotation;
    /** The networks' "ask for a new key after N days" rules, per network of the rows fetched (empty: off). */
    private final Map<Long, Optional<Integer>> rotateAfterDays = new ConcurrentHashMap<>();
    /** What the view showed at its last refresh; a live update that finds the same leaves the page alone. */
    private @Nullable Shown shown;

    MyDevicesView(
            DeviceService devices, NetworkService networks, DeviceReach reaches, Clock clock, KeyRotation rotation) {
        this.devices = devices;
        this.networks = networks;
        this.reaches = reaches;
        this.clock = clock;
        this.rotation = rotation;
        this.reach = new ReachColumn(reaches);
        columns();
        grid.setItems(this::fetch);
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setItemDetailsRenderer(new ComponentRenderer<>(this::details));
        grid.addClassName("device-grid");
        grid.setSizeFull();
        // The virtual list wants a count; a user's counts are one small query.
        cards.setDataProvider(DataProvider.fromCallbacks(this::fetch, query -> listed(devices.myDeviceCounts())));
        cards.setRenderer(new ComponentRenderer<>(this::card));
        cards.addClassName("device-cards");
        cards.setSizeFull();

        add.setText(getTranslation("mydevices.add"));
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add.setId("add-device");
        add.addClickListener(e -> new AddDeviceDialog(devices, networks, this::refresh).open());
        showEnded.setLabel(getTranslation("mydevices.show-ended"));
        showEnded.setId("show-ended");
        showEnded.addValueChangeListener(e -> refresh());
        hidden.setId("ended-hidden");
        hidden.addClassNames("device-hidden-count");
        emptyText.setId("no-devices");
        empty.add(emptyText);
        empty.addClassName("device-empty");

        var title = new H2(getTranslation("mydevices.title"));
        header = new HorizontalLayout(title, add, showEnded, hidden);
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        header.setWrap(true);
        addClassNames("view", "my-devices");
        setSizeFull();
        add(header, empty, grid, cards);
        refresh();
        LiveUpdates.subscribe(this, this::refreshIfChanged);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("mydevices.title") + " · " + getTranslation("ui.app-title");
    }

    private void columns() {
        grid.addColumn(DeviceRow::name)
                .setHeader(getTranslation("mydevices.column.name"))
                .setWidth("6rem")
                .setFlexGrow(1);
        grid.addColumn(DeviceRow::networkName)
                .setHeader(getTranslation("mydevices.column.network"))
                .setWidth("6rem")
                .setFlexGrow(1);
        grid.addColumn(MyDevicesView::statusText)
                .setHeader(getTranslation("mydevices.column.status"))
                .setKey("status")
                .setWidth("7rem")
                .setFlexGrow(2);
        grid.addColumn(row -> deliveryText(row.delivery()))
                .setHeader(getTranslation("mydevices.column.delivery"))
                .setKey("delivery")
                .setWidth("7rem")
                .setFlexGrow(2);
        grid.addColumn(row -> LastSeen.text(row.lifecycle(), clock.instant()))
                .setHeader(getTranslation("mydevices.column.last-seen"))
                .setKey("last-seen")
                .setWidth("8rem")
                .setFlexGrow(1);
        grid.addColumn(MyDevicesView::addresses)
                .setHeader(getTranslation("mydevices.column.addresses"))
                .setWidth("7.5rem")
                .setFlexGrow(1);
        grid.addColumn(reach::text)
                .setHeader(getTranslation("mydevices.column.reach"))
                .setKey("reach")
                .setWidth("7rem")
                .setFlexGrow(2);
        // Fixed width, pinned to the end: the row's actions stay in sight even when a narrow window must scroll.
        grid.addComponentColumn(this::actions)
                .setHeader(getTranslation("mydevices.column.actions"))
                .setKey("actions")
                .setWidth("9.5rem")
                .setFlexGrow(0)
                .setFrozenToEnd(true);
    }

    private Stream<DeviceRow> fetch(Query<DeviceRow, Void> query) {
        var page =
                reach.load(devices.myDevices(VaadinSpringDataHelpers.toSpringPageRequest(query), showEnded.getValue())
                        .getContent());
        var ids = page.stream().map(DeviceRow::id).toList();
        outdatedConfigs.removeAll(ids);
        outdatedConfigs.addAll(devices.outdatedConfigs(ids));
        var fetched = new HashSet<Long>();
        page.forEach(row -> {
            if (fetched.add(row.networkId())) {
                rotateAfterDays.put(
                        row.networkId(),
                        Optional.ofNullable(networks.lifecycle(row.networkId()).rotateAfterDays()));
            }
        });
        return page.stream();
    }

    /** Everything shown again: the counts, the guidance, every row. */
    void refresh() {
        shown = shown();
        var counts = shown.counts();
        var withEnded = showEnded.getValue();
        showEnded.setVisible(counts.ended() > 0);
        hidden.setVisible(counts.ended() > 0 && !withEnded);
        hidden.setText(getTranslation("mydevices.hidden", counts.ended()));
        var nothing = listed(counts) == 0;
        emptyText.setText(getTranslation(counts.none() ? "mydevices.empty" : "mydevices.empty-current"));
        // One sentence and one button: the Add device button moves into the guidance while nothing is listed.
        if (nothing) {
            empty.add(add);
        } else if (add.getParent().orElse(null) != header) {
            header.addComponentAtIndex(1, add);
        }
        empty.setVisible(nothing);
        grid.setVisible(!nothing);
        cards.setVisible(!nothing);
        grid.getDataProvider().refreshAll();
        cards.getDataProvider().refreshAll();
    }

    private int listed(MyDeviceCounts counts) {
        return Math.toIntExact(counts.current() + (showEnded.getValue() ? counts.ended() : 0));
    }

    /** A live update: shown again only when something this user sees changed, so an open row menu stays open. */
    private void refreshIfChanged() {
        if (!shown().equals(shown)) {
            refresh();
        }
    }

    /** The counts and the first rows, with what their columns derive from (delivery, access, config freshness). */
    private Shown shown() {
        var rows = devices.myDevices(PageRequest.of(0, COMPARED_ROWS), showEnded.getValue())
                .getContent();
        var ids = rows.stream().map(DeviceRow::id).toList();
        return new Shown(devices.myDeviceCounts(), rows, devices.outdatedConfigs(ids), reaches.ofMyDevices(ids));
    }

    private record Shown(
            MyDeviceCounts counts, List<DeviceRow> rows, Set<Long> outdated, Map<Long, List<Reach>> reach) {}

    private static String statusText(DeviceRow row) {
        return switch (row.status()) {
            case PENDING -> MyDevicesTexts.text("mydevices.status.pending");
            case ACTIVE -> {
                var rotating = ReplaceKeyDialog.rotationText(row);
                yield rotating == null
                        ? MyDevicesTexts.text("mydevices.status.active")
                        : MyDevicesTexts.text("mydevices.status.active-rotating", rotating);
            }
            case REJECTED ->
                row.decisionReason() == null
                        ? MyDevicesTexts.text("mydevices.status.rejected")
                        : MyDevicesTexts.text("mydevices.status.rejected-reason", row.decisionReason());
            case REVOKED -> revokedText(row);
        };
    }

    /** e.g. "revoked by Alice Admin: laptop reported stolen"; the actor's account id is left out. */
    private static String revokedText(DeviceRow row) {
        var reason = row.lifecycle().revokeReason();
        var by = row.lifecycle().revokedBy();
        if (reason == null) {
            return MyDevicesTexts.text("mydevices.status.revoked");
        }
        return by == null
                ? MyDevicesTexts.text("mydevices.status.revoked-reason", reason)
                : MyDevicesTexts.text(
                        "mydevices.status.revoked-by", by.replaceFirst(" \\(user:[0-9]+\\)$", ""), reason);
    }

    private static String addresses(DeviceRow row) {
        return row.ipv4Address() + (row.ipv6Address() == null ? "" : " " + row.ipv6Address());
    }

    /** The "Gateways" column, e.g. "active on 2/2 gateways" or "revocation pending on gw-b (1/2)". */
    public static String deliveryText(@Nullable Delivery delivery) {
        return switch (delivery) {
            case null -> "";
            case Delivery.Unserved() -> MyDevicesTexts.text("mydevices.delivery.unserved");
            case Delivery.AwaitingMember() -> MyDevicesTexts.text("mydevices.delivery.awaiting-member");
            case Delivery.Pending(var behind, var members) ->
                MyDevicesTexts.text(
                        "mydevices.delivery.pending", String.join(", ", behind), members - behind.size(), members);
            case Delivery.Active(var members) -> MyDevicesTexts.text("mydevices.delivery.active", members);
            case Delivery.RevocationPending(var behind, var members) ->
                MyDevicesTexts.text(
                        "mydevices.delivery.revocation-pending",
                        String.join(", ", behind),
                        members - behind.size(),
                        members);
            case Delivery.Removed(var members) ->
                members == 0
                        ? MyDevicesTexts.text("mydevices.delivery.removed-no-members")
                        : MyDevicesTexts.text("mydevices.delivery.removed", members);
        };
    }

    /** Below a row once clicked: what the columns leave out. */
    private Component details(DeviceRow row) {
        var details = new Span(getTranslation(
                "mydevices.details",
                Formats.dateTime(row.createdAt()),
                getTranslation("mydevices.key-origin." + row.keyOrigin().name().toLowerCase(Locale.ROOT)),
                row.publicKey()));
        details.addClassName("device-details");
        return details;
    }

    /** A row on a phone: name and network, status, gateways, last seen, access, and the same actions. */
    private Component card(DeviceRow row) {
        var name = new Span(row.name());
        name.addClassName("device-card-name");
        var network = new Span(row.networkName());
        network.addClassName("device-card-network");
        var card = new Div(
                new Div(name, network),
                line("mydevices.column.status", statusText(row)),
                line("mydevices.column.delivery", deliveryText(row.delivery())),
                line("mydevices.column.last-seen", LastSeen.text(row.lifecycle(), clock.instant())),
                line("mydevices.column.addresses", addresses(row)),
                line("mydevices.column.reach", reach.text(row)),
                actions(row));
        card.addClassName("device-card");
        card.getElement().setAttribute("data-device", Long.toString(row.id()));
        return card;
    }

    private Component line(String labelKey, String value) {
        var label = new Span(getTranslation(labelKey));
        label.addClassName("device-card-label");
        var line = new Div(label, new Span(value));
        line.addClassName("device-card-line");
        line.setVisible(!value.isEmpty());
        return line;
    }

    /**
     * The row's lifecycle flags, its config download (a real link, so the browser saves the file) and a menu with
     * the rest: rename, replace key, revoke.
     */
    private Component actions(DeviceRow row) {
        var actions = new Div();
        actions.addClassName("device-actions");
        var rule = rotateAfterDays.getOrDefault(row.networkId(), Optional.empty());
        for (var flag : LifecycleFlags.of(row, rule.orElse(null), clock.instant())) {
            var mark = new Span(flag);
            mark.getElement().getThemeList().add("badge contrast");
            mark.addClassName("lifecycle-flag");
            actions.add(mark);
        }
        if (row.status() != DeviceStatus.ACTIVE && row.status() != DeviceStatus.PENDING) {
            return actions;
        }
        var outdated = outdatedConfigs.contains(row.id());
        var download = new Anchor(
                "devices/" + row.id() + "/config",
                getTranslation(outdated ? "mydevices.config-new" : "mydevices.config"));
        download.getElement().setAttribute("download", true);
        download.addClassName("device-config");
        if (outdated) {
            var mark = new Span(getTranslation("mydevices.config-outdated"));
            mark.getElement().getThemeList().add("badge warning");
            mark.setTitle(getTranslation("mydevices.config-outdated.hint"));
            actions.add(mark);
        }
        actions.add(download);
        if (row.lifecycle().nextPublicKey() != null) {
            var nextConfig =
                    new Anchor("devices/" + row.id() + "/next-config", getTranslation("mydevices.next-config"));
            nextConfig.getElement().setAttribute("download", true);
            nextConfig.addClassName("device-next-config");
            actions.add(nextConfig);
        }
        actions.add(menu(row));
        return actions;
    }

    private MenuBar menu(DeviceRow row) {
        var menu = new MenuBar();
        menu.addThemeVariants(MenuBarVariant.LUMO_TERTIARY_INLINE, MenuBarVariant.LUMO_ICON);
        menu.addClassName("device-menu");
        var root = menu.addItem(VaadinIcon.ELLIPSIS_DOTS_V.create());
        root.setAriaLabel(getTranslation("mydevices.actions-of", row.name()));
        root.setTooltipText(getTranslation("mydevices.column.actions"));
        var items = root.getSubMenu();
        items.addItem(getTranslation("mydevices.rename"), e -> rename(row)).addClassName("device-rename");
        if (row.status() == DeviceStatus.ACTIVE && row.lifecycle().nextPublicKey() == null) {
            items.addItem(
                            getTranslation("mydevices.replace-key"),
                            e -> new ReplaceKeyDialog(rotation, row, this::refresh).open())
                    .addClassName("device-replace-key");
        }
        items.addItem(getTranslation("mydevices.revoke"), e -> confirmRevoke(row))
                .addClassName("device-revoke");
        return menu;
    }

    private void rename(DeviceRow row) {
        var field = new TextField(getTranslation("mydevices.rename.field"), row.name(), "");
        field.setId("rename-name");
        field.setMaxLength(Device.NAME_MAX_LENGTH);
        var feedback = Feedback.forFields(Map.of(DeviceField.NAME, field));
        var dialog = new Dialog();
        dialog.setHeaderTitle(getTranslation("mydevices.rename.title", row.name()));
        dialog.add(field);
        var confirm = new Button(getTranslation("mydevices.rename"), e -> {
            try {
                devices.rename(row.id(), field.getValue());
                dialog.close();
                refresh();
            } catch (InvalidInputException | NotFoundException error) {
                // The dialog stays open with the reason on the field (a name taken, perhaps from another window).
                feedback.show(error);
            }
        });
        confirm.setId("rename-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button(getTranslation("mydevices.cancel"), e -> dialog.close()), confirm);
        dialog.open();
    }

    private void confirmRevoke(DeviceRow row) {
        var dialog = new ConfirmDialog(
                getTranslation("mydevices.revoke.title", row.name()),
                getTranslation("mydevices.revoke.text"),
                getTranslation("mydevices.revoke"),
                e -> {
                    try {
                        devices.revoke(row.id());
                    } catch (InvalidInputException error) {
                        // Revoked or rejected meanwhile, from another window or by someone else.
                        Feedback.error(error);
                    }
                    refresh();
                });
        dialog.setCancelable(true);
        dialog.setCancelText(getTranslation("mydevices.cancel"));
        dialog.setConfirmButtonTheme("error primary");
        dialog.open();
    }
}
