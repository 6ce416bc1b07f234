package dev.tunnelgate.gateways;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.NotFoundException;
import dev.tunnelgate.ui.Feedback;
import jakarta.annotation.security.RolesAllowed;
import java.util.HashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;

/** Gateway groups and their members. Auditors look; only admins change anything (the service checks again). */
@Route("gateways")
@PageTitle("Gateways · Tunnelgate")
@Menu(order = 60, icon = "vaadin:server", title = "Gateways")
@RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
public class GatewaysView extends Main {
    /** More networks than one group may serve; the chooser lists them all. */
    private static final int NETWORK_CHOICES = 1000;

    final Grid<GroupRow> groups = new Grid<>();
    final Button create = new Button("New group");
    final Button edit = new Button("Edit group");
    final MembersPanel members;
    private final GatewayService gateways;
    private final NetworkService networks;

    GatewaysView(GatewayService gateways, NetworkService networks, AuthenticationContext authentication) {
        this.gateways = gateways;
        this.networks = networks;
        boolean admin = authentication.hasRole(Roles.ADMIN);
        members = new MembersPanel(gateways, admin, this::refresh);
        groups.addColumn(GroupRow::name).setHeader("Name").setAutoWidth(true);
        groups.addColumn(GroupRow::endpoint).setHeader("Endpoint").setAutoWidth(true);
        groups.addColumn(GroupRow::listenPort).setHeader("Listen port").setAutoWidth(true);
        groups.addColumn(row -> String.join(", ", row.networkNames()))
                .setHeader("Networks")
                .setAutoWidth(true);
        groups.addColumn(row -> String.join(", ", row.interfaceAddresses()))
                .setHeader("Tunnel addresses")
                .setAutoWidth(true);
        groups.addColumn(row -> GatewayTexts.shortKey(row.publicKey()))
                .setHeader("Public key")
                .setAutoWidth(true)
                .setTooltipGenerator(row -> row.publicKey() == null
                        ? "Not known yet: the first gateway to report sets it"
                        : row.publicKey());
        groups.addColumn(GroupRow::revision).setHeader("Revision").setAutoWidth(true);
        groups.addColumn(row -> row.upToDate() + "/" + row.members())
                .setHeader("Members up to date")
                .setAutoWidth(true);
        groups.addSelectionListener(event -> {
            var selected = event.getFirstSelectedItem().orElse(null);
            edit.setEnabled(admin && selected != null);
            members.show(selected);
        });
        groups.setAllRowsVisible(true);
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(event -> open(null));
        edit.addClickListener(
                event -> groups.getSelectedItems().stream().findFirst().ifPresent(this::open));
        edit.setEnabled(false);
        create.setVisible(admin);
        edit.setVisible(admin);
        setSizeFull();
        addClassNames("view");
        add(new HorizontalLayout(new H2("Gateways"), create, edit), groups, members);
        refresh();
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
        var dialog = new Dialog(row == null ? "New gateway group" : "Gateway group " + row.name());
        dialog.add(form);
        var save = new Button("Save", event -> {
            try {
                if (row == null) {
                    gateways.createGroup(form.value());
                } else {
                    gateways.updateGroup(row.id(), form.value());
                }
                dialog.close();
                refresh();
                Feedback.success("Gateway group saved");
            } catch (InvalidInputException | NotFoundException e) {
                form.feedback.show(e);
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setId("save-group");
        dialog.getFooter().add(new Button("Cancel", event -> dialog.close()), save);
        dialog.setWidth("min(48rem, 100vw)");
        dialog.open();
    }
}
