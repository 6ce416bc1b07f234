package dev.tunnelgate.gateways;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.NotFoundException;
import dev.tunnelgate.ui.Feedback;
import dev.tunnelgate.ui.LiveUpdates;
import jakarta.annotation.security.RolesAllowed;
import java.util.HashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;

/** Gateway groups and their members. Auditors look; only admins change anything (the service checks again). */
@Route("gateways")
@Menu(order = 60, icon = "vaadin:server", title = "gateways.menu")
@RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
public class GatewaysView extends Main implements HasDynamicTitle {
    /** More networks than one group may serve; the chooser lists them all. */
    private static final int NETWORK_CHOICES = 1000;

    final Grid<GroupRow> groups = new Grid<>();
    final Button create = new Button(getTranslation("gateways.group.new"));
    final Button edit = new Button(getTranslation("gateways.group.edit"));
    final MembersPanel members;
    private final GatewayService gateways;
    private final NetworkService networks;

    GatewaysView(
            GatewayService gateways,
            NetworkService networks,
            PortalAddress address,
            AuthenticationContext authentication) {
        this.gateways = gateways;
        this.networks = networks;
        boolean admin = authentication.hasRole(Roles.ADMIN);
        members = new MembersPanel(gateways, admin, address.configured().orElse(null), this::refresh);
        groups.addColumn(GroupRow::name)
                .setHeader(getTranslation("gateways.group.column.name"))
                .setWidth("7rem")
                .setFlexGrow(1);
        groups.addColumn(GroupRow::endpoint)
                .setHeader(getTranslation("gateways.group.column.endpoint"))
                .setWidth("9rem")
                .setFlexGrow(1);
        groups.addColumn(GroupRow::listenPort)
                .setHeader(getTranslation("gateways.group.column.listen-port"))
                .setWidth("4.5rem")
                .setFlexGrow(0);
        groups.addColumn(row -> String.join(", ", row.networkNames()))
                .setHeader(getTranslation("gateways.group.column.networks"))
                .setWidth("7rem")
                .setFlexGrow(1);
        groups.addColumn(row -> String.join(", ", row.interfaceAddresses()))
                .setHeader(getTranslation("gateways.group.column.tunnel-addresses"))
                .setWidth("8rem")
                .setFlexGrow(1);
        groups.addColumn(row -> GatewayTexts.shortKey(row.publicKey()))
                .setHeader(getTranslation("gateways.group.column.public-key"))
                .setWidth("6.5rem")
                .setFlexGrow(0)
                .setTooltipGenerator(row ->
                        row.publicKey() == null ? getTranslation("gateways.group.key-unknown") : row.publicKey());
        groups.addColumn(GroupRow::revision)
                .setHeader(getTranslation("gateways.group.column.revision"))
                .setWidth("4.5rem")
                .setFlexGrow(0);
        groups.addColumn(row -> row.upToDate() + "/" + row.members())
                .setHeader(getTranslation("gateways.group.column.up-to-date"))
                .setWidth("5.5rem")
                .setFlexGrow(0);
        groups.addComponentColumn(row -> MemberCells.endpointHolder(row.endpointHolding()))
                .setHeader(getTranslation("gateways.group.column.endpoint-holder"))
                .setKey("endpoint-holder")
                .setWidth("7rem")
                .setFlexGrow(1);
        groups.addSelectionListener(event -> {
            var selected = event.getFirstSelectedItem().orElse(null);
            edit.setEnabled(admin && selected != null);
            members.show(selected);
        });
        groups.setAllRowsVisible(true);
        // Like the member grid: fixed widths that add up to less than a 1280 px window, long texts wrap.
        groups.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        groups.setId("groups");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(event -> open(null));
        edit.addClickListener(
                event -> groups.getSelectedItems().stream().findFirst().ifPresent(this::open));
        edit.setEnabled(false);
        create.setVisible(admin);
        edit.setVisible(admin);
        setSizeFull();
        addClassNames("view");
        add(new HorizontalLayout(new H2(getTranslation("gateways.heading")), create, edit), groups, members);
        refresh();
        // Members' online state and applied revisions, and the groups' revisions, follow without a reload.
        LiveUpdates.subscribe(this, this::refresh);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("gateways.title") + " · " + getTranslation("ui.app-title");
    }

    /** Reloads the groups and selects the one that was selected again, which reloads its members. */
    void refresh() {
        var selected =
                groups.getSelectedItems().stream().findFirst().map(GroupRow::id).orElse(null);
        var rows = gateways.groups();
        groups.setItems(rows); // discards the selection
        rows.stream()
                .filter(row -> selected != null && row.id() == selected)
                .findFirst()
                .ifPresent(groups::select);
    }

    private void open(@Nullable GroupRow row) {
        var servedBy = new HashMap<Long, String>();
        groups.getListDataView()
                .getItems()
                .filter(g -> row == null || g.id() != row.id())
                .forEach(g -> g.networkIds().forEach(id -> servedBy.put(id, g.name())));
        var form =
                new GroupForm(networks.list(PageRequest.of(0, NETWORK_CHOICES)).getContent(), servedBy::get);
        form.setValue(
                row == null
                        ? new GroupSpec("", "", GroupForm.DEFAULT_LISTEN_PORT, List.of(), null)
                        : new GroupSpec(
                                row.name(), row.endpoint(), row.listenPort(), row.networkIds(), row.publicKey()));
        var dialog = new Dialog(
                row == null
                        ? getTranslation("gateways.group.dialog.new")
                        : getTranslation("gateways.group.dialog.edit", row.name()));
        dialog.add(form);
        var save = new Button(getTranslation("gateways.save"), event -> {
            try {
                if (row == null) {
                    gateways.createGroup(form.value());
                } else {
                    gateways.updateGroup(row.id(), form.value());
                }
                dialog.close();
                refresh();
                Feedback.success(getTranslation("gateways.group.saved"));
            } catch (InvalidInputException | NotFoundException e) {
                form.feedback.show(e);
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setId("save-group");
        dialog.getFooter().add(new Button(getTranslation("gateways.cancel"), event -> dialog.close()), save);
        dialog.setWidth("min(48rem, 100vw)");
        dialog.open();
    }
}
