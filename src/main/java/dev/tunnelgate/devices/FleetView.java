package dev.tunnelgate.devices;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridSortOrder;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.QuerySortOrder;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.i18n.I18NProvider;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.shared.Registration;
import dev.tunnelgate.identity.CurrentUser;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.networks.NetworkRow;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.NotFoundException;
import dev.tunnelgate.ui.Feedback;
import dev.tunnelgate.ui.Formats;
import dev.tunnelgate.ui.LiveUpdates;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Every device of every user, for admins (who revoke, alone or in bulk) and auditors (who only look). The filters live
 * in the URL, so a view can be bookmarked and shared; the grid reads one page at a time from the database. Statuses
 * and delivery refresh live (server push), keeping the filters and the selection.
 */
@Route("fleet")
@Menu(order = 30, icon = "vaadin:sitemap", title = "fleet.menu")
@RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
public class FleetView extends Main implements BeforeEnterObserver, HasDynamicTitle {
    static final String ROUTE = "fleet";
    private static final int POLL_MILLIS = 500;

    final Grid<DeviceRow> grid = new Grid<>();
    final TextField owner = new TextField(getTranslation("fleet.filter.owner"));
    final ComboBox<NetworkRow> network = new ComboBox<>(getTranslation("fleet.filter.network"));
    final ComboBox<DeviceStatus> status = new ComboBox<>(getTranslation("fleet.filter.status"), DeviceStatus.values());
    final IntegerField silentDays = new IntegerField(getTranslation("fleet.filter.silent"));
    final IntegerField expiresWithinDays = new IntegerField(getTranslation("fleet.filter.expires"));
    final Span total = new Span();
    final Div notes = new Div();
    final Button revokeSelected = new Button(getTranslation("fleet.revoke-selected"));
    final Button revokeMatching = new Button(getTranslation("fleet.revoke-matching"));
    /** What an empty grid says: no devices at all, or none matching the filters (with a way to clear them). */
    final Span emptyText = new Span();

    final Button clearFilters = new Button(getTranslation("fleet.clear-filters"));
    final Anchor export;
    final ProgressBar progress = new ProgressBar();
    final Span progressText = new Span();

    private final DeviceFleet fleet;
    private final DeviceService devices;
    private final BulkRevocations bulk;
    private final Clock clock;
    private final boolean admin;
    private final List<NetworkRow> networks;
    /** What the grid and the export show; read by the download request, which runs outside the UI's lock. */
    private volatile FleetFilter filter = FleetFilter.ANY;

    private volatile List<FleetColumn.Order> orders = List.of();
    private boolean applyingUrl;
    private @Nullable BulkRevocation running;
    private @Nullable Registration pollListener;

    FleetView(
            DeviceFleet fleet,
            DeviceService devices,
            BulkRevocations bulk,
            NetworkService networkService,
            CurrentUser currentUser,
            Clock clock) {
        this.fleet = fleet;
        this.devices = devices;
        this.bulk = bulk;
        this.clock = clock;
        this.admin = currentUser
                .get()
                .map(user -> user.getAuthorities().stream()
                        .anyMatch(a -> Objects.equals(a.getAuthority(), "ROLE_" + Roles.ADMIN)))
                .orElse(false);
        this.networks = networkService.joinable();

        columns();
        var dataView = grid.setItems(
                query -> {
                    orders = orders(query.getSortOrders());
                    return fetch(query.getOffset(), query.getLimit());
                },
                query -> {
                    var count = fleet.count(filter);
                    total.setText(getTranslation("fleet.total", count));
                    return (int) Math.min(Integer.MAX_VALUE, count);
                });
        dataView.setIdentifierProvider(DeviceRow::id);
        grid.setPageSize(50);
        grid.setMultiSort(true);
        grid.setSizeFull();
        grid.setId("fleet-grid");

        filters();
        export = new Anchor(csv(), AttachmentType.DOWNLOAD, getTranslation("fleet.export"));
        export.setId("fleet-export");
        var actions = new HorizontalLayout(total, export);
        actions.setAlignItems(FlexComponent.Alignment.BASELINE);
        if (admin) {
            grid.setSelectionMode(Grid.SelectionMode.MULTI);
            grid.addSelectionListener(
                    e -> revokeSelected.setEnabled(!e.getAllSelectedItems().isEmpty()));
            revokeSelected.setEnabled(false);
            revokeSelected.setId("fleet-revoke-selected");
            revokeSelected.addThemeVariants(ButtonVariant.LUMO_ERROR);
            revokeSelected.addClickListener(e -> confirmSelected());
            revokeMatching.setId("fleet-revoke-matching");
            revokeMatching.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            revokeMatching.addClickListener(e -> confirmMatching());
            actions.add(revokeSelected, revokeMatching);
        }
        progress.setVisible(false);
        progress.setId("fleet-progress");
        progress.setWidth("16em");
        progressText.setId("fleet-progress-text");
        actions.add(progress, progressText);
        total.setId("fleet-total");
        notes.setId("fleet-notes");
        notes.addClassNames("text-warning");
        notes.setVisible(false);
        addClassNames("view");
        setSizeFull();
        emptyText.setId("fleet-empty");
        clearFilters.setId("fleet-clear-filters");
        clearFilters.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        clearFilters.addClickListener(e -> clearFilters());
        var empty = new VerticalLayout(emptyText, clearFilters);
        empty.setAlignItems(FlexComponent.Alignment.CENTER);
        grid.setEmptyStateComponent(empty);
        add(new H2(getTranslation("fleet.title")), filterBar(), notes, actions, grid);
        // Decisions, revocations and gateways' acknowledgements show up as they happen, also those of other portals.
        LiveUpdates.subscribe(this, this::liveRefresh);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("fleet.title") + " · Tunnelgate"; // not shown: the product name
    }

    /**
     * Shows the devices' current state: the same filter, sort and scroll position, and the selection (rows are the
     * same devices by id, so the grid keeps them selected; a device revoked meanwhile is skipped by the revocation).
     */
    void liveRefresh() {
        grid.getDataProvider().refreshAll();
    }

    private void clearFilters() {
        applyingUrl = true;
        try {
            owner.clear();
            network.clear();
            status.clear();
            silentDays.clear();
            expiresWithinDays.clear();
        } finally {
            applyingUrl = false;
        }
        notes.setVisible(false);
        apply(true);
    }

    private void columns() {
        grid.addColumn(DeviceRow::ownerName)
                .setHeader(getTranslation("fleet.column.owner"))
                .setKey(FleetColumn.OWNER.key())
                .setAutoWidth(true);
        grid.addColumn(DeviceRow::networkName)
                .setHeader(getTranslation("fleet.column.network"))
                .setKey(FleetColumn.NETWORK.key())
                .setAutoWidth(true);
        grid.addColumn(DeviceRow::name)
                .setHeader(getTranslation("fleet.column.name"))
                .setKey(FleetColumn.NAME.key())
                .setAutoWidth(true);
        grid.addColumn(FleetView::statusText)
                .setHeader(getTranslation("fleet.column.status"))
                .setKey(FleetColumn.STATUS.key())
                .setAutoWidth(true);
        grid.addColumn(row -> row.ipv4Address() + (row.ipv6Address() == null ? "" : " " + row.ipv6Address()))
                .setHeader(getTranslation("fleet.column.addresses"))
                .setKey(FleetColumn.ADDRESSES.key())
                .setAutoWidth(true);
        grid.addColumn(row -> getTranslation(
                        "fleet.key-origin." + row.keyOrigin().name().toLowerCase(Locale.ROOT)))
                .setHeader(getTranslation("fleet.column.keys"))
                .setKey(FleetColumn.KEY_ORIGIN.key())
                .setAutoWidth(true);
        grid.addColumn(row -> Formats.dateTime(row.createdAt()))
                .setHeader(getTranslation("fleet.column.created"))
                .setKey(FleetColumn.CREATED.key())
                .setAutoWidth(true);
        grid.addColumn(FleetView::handshakeText)
                .setHeader(getTranslation("fleet.column.handshake"))
                .setKey(FleetColumn.LAST_HANDSHAKE.key())
                .setAutoWidth(true);
        grid.addColumn(row -> row.lifecycle().expiresAt() == null
                        ? getTranslation("fleet.never")
                        : Formats.dateTime(row.lifecycle().expiresAt()))
                .setHeader(getTranslation("fleet.column.expires"))
                .setKey(FleetColumn.EXPIRES.key())
                .setAutoWidth(true);
        grid.addColumn(row -> getTranslation(
                        "fleet.key-age",
                        Math.max(
                                0,
                                Duration.between(row.lifecycle().keyCreatedAt(), clock.instant())
                                        .toDays())))
                .setHeader(getTranslation("fleet.column.key-age"))
                .setKey(FleetColumn.KEY_AGE.key())
                .setAutoWidth(true);
        grid.getColumns().forEach(column -> column.setSortable(true));
        grid.addColumn(row -> MyDevicesView.deliveryText(row.delivery()))
                .setHeader(getTranslation("fleet.column.delivery"))
                .setKey("delivery")
                .setAutoWidth(true);
        if (admin) {
            grid.addComponentColumn(this::rowActions).setKey("actions").setAutoWidth(true);
        }
        grid.sort(
                List.of(new GridSortOrder<>(grid.getColumnByKey(FleetColumn.CREATED.key()), SortDirection.DESCENDING)));
    }

    private void filters() {
        owner.setId("fleet-owner");
        owner.setPlaceholder(getTranslation("fleet.filter.owner.placeholder"));
        owner.setMaxLength(FleetFilter.OWNER_MAX_LENGTH);
        owner.setValueChangeMode(ValueChangeMode.LAZY);
        owner.setClearButtonVisible(true);
        network.setId("fleet-network");
        network.setItems(networks);
        network.setItemLabelGenerator(n -> n.settings().name());
        network.setPlaceholder(getTranslation("fleet.filter.any"));
        network.setClearButtonVisible(true);
        status.setId("fleet-status");
        status.setItemLabelGenerator(FleetView::statusName);
        status.setPlaceholder(getTranslation("fleet.filter.any"));
        status.setClearButtonVisible(true);
        for (var days : List.of(silentDays, expiresWithinDays)) {
            days.setMin(1);
            days.setMax(FleetFilter.MAX_DAYS);
            days.setClearButtonVisible(true);
            days.setValueChangeMode(ValueChangeMode.LAZY);
        }
        silentDays.setId("fleet-silent");
        expiresWithinDays.setId("fleet-expires");
        owner.addValueChangeListener(e -> filterChanged());
        network.addValueChangeListener(e -> filterChanged());
        status.addValueChangeListener(e -> filterChanged());
        silentDays.addValueChangeListener(e -> filterChanged());
        expiresWithinDays.addValueChangeListener(e -> filterChanged());
    }

    private HorizontalLayout filterBar() {
        var bar = new HorizontalLayout(owner, network, status, silentDays, expiresWithinDays);
        bar.setWrap(true);
        return bar;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var parsed = FleetFilter.parse(event.getLocation().getQueryParameters().getParameters());
        var notesNow = new ArrayList<String>();
        parsed.notes()
                .forEach(note ->
                        notesNow.add(getTranslation(note.key(), note.arguments().toArray())));
        var read = parsed.filter();
        NetworkRow chosen = null;
        if (read.networkId() != null) {
            chosen = networks.stream()
                    .filter(n -> n.id() == read.networkId())
                    .findFirst()
                    .orElse(null);
            if (chosen == null) {
                notesNow.add(getTranslation("fleet.note.no-network"));
            }
        }
        applyingUrl = true;
        try {
            owner.setValue(read.owner() == null ? "" : read.owner());
            network.setValue(chosen);
            status.setValue(read.status());
            silentDays.setValue(read.silentDays());
            expiresWithinDays.setValue(read.expiresWithinDays());
        } finally {
            applyingUrl = false;
        }
        notes.setText(String.join(". ", notesNow));
        notes.setVisible(!notesNow.isEmpty());
        apply(false);
        if (!notesNow.isEmpty()) {
            // The address keeps only what was applied; after the navigation has settled, so that it is not overwritten.
            var ui = event.getUI();
            ui.beforeClientResponse(this, context -> replaceUrl(ui));
        }
    }

    private void filterChanged() {
        if (!applyingUrl) {
            notes.setVisible(false);
            apply(true);
        }
    }

    /** Reads the fields into the filter (a value out of range counts as "any"), shows it, and puts it in the URL. */
    private void apply(boolean writeUrl) {
        filter = new FleetFilter(
                ownerValue(),
                network.getOptionalValue().map(NetworkRow::id).orElse(null),
                status.getValue(),
                days(silentDays),
                days(expiresWithinDays));
        grid.deselectAll();
        emptyText.setText(getTranslation(filter.equals(FleetFilter.ANY) ? "fleet.empty" : "fleet.empty.filtered"));
        clearFilters.setVisible(!filter.equals(FleetFilter.ANY));
        grid.getDataProvider().refreshAll();
        if (writeUrl) {
            getUI().ifPresent(this::replaceUrl);
        }
    }

    private void replaceUrl(UI ui) {
        ui.getPage()
                .getHistory()
                .replaceState(null, new Location(ROUTE, QueryParameters.simple(filter.toParameters())));
    }

    private @Nullable String ownerValue() {
        var value = owner.getValue();
        try {
            return new FleetFilter(value, null, null, null, null).owner();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static @Nullable Integer days(IntegerField field) {
        var value = field.getValue();
        return value == null || value < 1 || value > FleetFilter.MAX_DAYS ? null : value;
    }

    private Stream<DeviceRow> fetch(long offset, int limit) {
        var rows = new ArrayList<DeviceRow>(limit);
        // The grid may ask for more than one service page at once; it gets fewer rows only at the end.
        while (rows.size() < limit) {
            var wanted = Math.min(DeviceFleet.MAX_PAGE, limit - rows.size());
            var page = fleet.page(filter, orders, offset + rows.size(), wanted);
            rows.addAll(page);
            if (page.size() < wanted) {
                break;
            }
        }
        return rows.stream();
    }

    private static List<FleetColumn.Order> orders(List<QuerySortOrder> sortOrders) {
        var result = new ArrayList<FleetColumn.Order>();
        for (var order : sortOrders) {
            FleetColumn.byKey(order.getSorted())
                    .filter(column -> result.stream().noneMatch(o -> o.column() == column))
                    .ifPresent(column -> result.add(
                            new FleetColumn.Order(column, order.getDirection() == SortDirection.DESCENDING)));
        }
        return List.copyOf(result);
    }

    private DownloadHandler csv() {
        return event -> {
            event.setFileName("devices.csv");
            event.setContentType("text/csv; charset=utf-8");
            try (var out = event.getOutputStream()) {
                fleet.exportCsv(filter, orders, out);
            }
        };
    }

    /** e.g. "active" or "revoked: laptop reported stolen". */
    static String statusText(DeviceRow row) {
        var text = statusName(row.status());
        var reason = row.status() == DeviceStatus.REJECTED
                ? row.decisionReason()
                : row.lifecycle().revokeReason();
        return reason == null ? text : I18NProvider.translate("fleet.status.with-reason", text, reason);
    }

    private static String statusName(DeviceStatus status) {
        return I18NProvider.translate("fleet.status." + status.name().toLowerCase(Locale.ROOT));
    }

    private static String handshakeText(DeviceRow row) {
        var at = row.lifecycle().lastHandshakeAt();
        if (at == null) {
            return I18NProvider.translate("fleet.never");
        }
        var member = row.lifecycle().lastHandshakeMember();
        return member == null
                ? Formats.dateTime(at)
                : I18NProvider.translate("fleet.handshake.via", Formats.dateTime(at), member);
    }

    private HorizontalLayout rowActions(DeviceRow row) {
        var actions = new HorizontalLayout();
        if (row.status() == DeviceStatus.ACTIVE || row.status() == DeviceStatus.PENDING) {
            var revoke = new Button(getTranslation("fleet.revoke"), e -> confirmOne(row));
            revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
            actions.add(revoke);
        }
        return actions;
    }

    private TextField reasonField() {
        var reason = new TextField(getTranslation("fleet.reason"));
        reason.setId("fleet-reason");
        reason.setMaxLength(Device.REASON_MAX_LENGTH);
        reason.setRequired(true);
        reason.setWidthFull();
        return reason;
    }

    private void confirmOne(DeviceRow row) {
        confirm(
                getTranslation("fleet.revoke-one.title", row.name(), row.ownerName()),
                getTranslation("fleet.revoke-one.text"),
                getTranslation("fleet.revoke"),
                reason -> {
                    devices.revokeAsAdmin(row.id(), reason);
                    Feedback.success(getTranslation("fleet.revoke-one.done", row.name()));
                    grid.getDataProvider().refreshAll();
                });
    }

    /**
     * A dialog that asks for the reason the owners will see, then acts; a refused reason stays on its field, any other
     * refusal (a device revoked meanwhile) closes the dialog with a notification.
     */
    private void confirm(String title, String text, String action, Consumer<String> onConfirm) {
        var reason = reasonField();
        var feedback = Feedback.forFields(Map.of(DeviceField.REASON, reason));
        var dialog = new Dialog();
        dialog.setId("fleet-dialog");
        dialog.setHeaderTitle(title);
        dialog.add(new Div(getTranslation("fleet.cannot-undo", text)), reason);
        var confirm = new Button(action, e -> {
            try {
                onConfirm.accept(required(reason.getValue()));
                dialog.close();
            } catch (NotFoundException | ConflictException error) {
                dialog.close();
                Feedback.error(error);
                grid.getDataProvider().refreshAll();
            } catch (InvalidInputException error) {
                feedback.show(error);
            }
        });
        confirm.setId("fleet-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button(getTranslation("fleet.cancel"), e -> dialog.close()), confirm);
        dialog.open();
        reason.focus();
    }

    private void confirmSelected() {
        var ids = grid.getSelectedItems().stream()
                .filter(row -> row.status() == DeviceStatus.ACTIVE || row.status() == DeviceStatus.PENDING)
                .map(DeviceRow::id)
                .toList();
        if (ids.isEmpty()) {
            Feedback.error(getTranslation("fleet.none-revocable"));
            return;
        }
        confirmBulk(ids.size(), getTranslation("fleet.bulk.selected", ids.size()), reason -> bulk.start(ids, reason));
    }

    private void confirmMatching() {
        var count = fleet.revocableCount(filter);
        if (count == 0) {
            Feedback.error(getTranslation("fleet.none-matching"));
            return;
        }
        var matching = filter;
        confirmBulk(count, getTranslation("fleet.bulk.matching", count), reason -> bulk.start(matching, reason));
    }

    private void confirmBulk(long count, String what, Function<String, BulkRevocation> start) {
        if (running != null) {
            Feedback.error(getTranslation("fleet.bulk.running"));
            return;
        }
        confirm(
                getTranslation("fleet.bulk.title", count),
                getTranslation("fleet.bulk.text", what),
                getTranslation("fleet.bulk.confirm", count),
                reason -> watch(start.apply(reason)));
    }

    private String required(String reason) {
        if (reason.isBlank()) {
            throw new InvalidInputException(DeviceField.REASON, getTranslation("fleet.reason.required"));
        }
        return reason;
    }

    /** Shows a background run's progress, polling until it has finished; the rest of the view stays usable. */
    private void watch(BulkRevocation run) {
        running = run;
        grid.deselectAll();
        progress.setValue(0);
        progress.setVisible(true);
        progressText.setText(getTranslation("fleet.progress.running", 0, run.total()));
        getUI().ifPresent(ui -> ui.setPollInterval(POLL_MILLIS));
    }

    private void poll() {
        var run = running;
        if (run == null) {
            return;
        }
        progress.setValue(run.progress());
        if (!run.finished()) {
            progressText.setText(getTranslation("fleet.progress.running", run.done(), run.total()));
            return;
        }
        running = null;
        getUI().ifPresent(ui -> ui.setPollInterval(-1));
        var summary = getTranslation("fleet.progress.revoked", run.revoked(), run.total())
                + (run.skipped() == 0 ? "" : getTranslation("fleet.progress.skipped", run.skipped()))
                + (run.failed() == 0 ? "" : getTranslation("fleet.progress.failed", run.failed()));
        progressText.setText(getTranslation("fleet.progress.done", summary));
        if (run.failed() == 0) {
            Feedback.success(summary);
        } else {
            Feedback.error(summary);
        }
        grid.getDataProvider().refreshAll();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        pollListener = event.getUI().addPollListener(e -> poll());
        if (running != null) {
            event.getUI().setPollInterval(POLL_MILLIS);
        }
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (pollListener != null) {
            pollListener.remove();
            pollListener = null;
        }
        event.getUI().setPollInterval(-1);
        super.onDetach(event);
    }
}
