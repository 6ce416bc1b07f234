package dev.tunnelgate.networks;

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
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.ui.Feedback;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

@Route("networks")
@PageTitle("Networks · Tunnelgate")
@Menu(order = 50, icon = "vaadin:cluster", title = "Networks")
@RolesAllowed(Roles.ADMIN)
public class NetworksView extends Main {
    final Grid<NetworkRow> grid = new Grid<>();
    final Button create = new Button("New network");
    private final NetworkService networks;

    NetworksView(NetworkService networks) {
        this.networks = networks;
        grid.addColumn(row -> row.settings().name()).setHeader("Name").setAutoWidth(true);
        grid.addColumn(row -> row.settings().ipv4Pool().toString())
                .setHeader("IPv4 pool")
                .setAutoWidth(true);
        grid.addColumn(row -> Objects.toString(row.settings().ipv6Pool(), ""))
                .setHeader("IPv6 pool")
                .setAutoWidth(true);
        grid.addColumn(row -> row.settings().endpoint().toString())
                .setHeader("Endpoint")
                .setAutoWidth(true);
        grid.addColumn(row -> row.settings().tunnelMode()).setHeader("Tunnel").setAutoWidth(true);
        grid.addColumn(row -> row.settings().approvalMode())
                .setHeader("Approval")
                .setAutoWidth(true);
        grid.setItems(query -> networks.list(VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        grid.addItemClickListener(event ->
                open(event.getItem().id(), NetworkSpec.of(event.getItem().settings())));
        grid.setSizeFull();
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(event -> open(null, blank()));
        setSizeFull();
        addClassNames("view");
        add(new HorizontalLayout(new H2("Networks"), create), grid);
    }

    private long update(long id, NetworkSpec spec) {
        networks.update(id, spec);
        return id;
    }

    private static NetworkSpec blank() {
        return new NetworkSpec(
                "",
                "",
                "",
                List.of(),
                List.of(),
                NetworkSpec.DEFAULT_MTU,
                NetworkSpec.DEFAULT_KEEPALIVE,
                "",
                TunnelMode.SPLIT,
                List.of(),
                ApprovalMode.MANUAL,
                List.of(),
                5,
                null);
    }

    private void open(@Nullable Long id, NetworkSpec spec) {
        var form = new NetworkForm();
        form.setValue(spec);
        var lifecycle = new LifecycleForm();
        lifecycle.setValue(LifecycleSpec.of(id == null ? NetworkLifecycle.DEFAULT : networks.lifecycle(id)));
        var dialog = new Dialog(id == null ? "New network" : "Network " + spec.name());
        dialog.add(form, lifecycle);
        var save = new Button("Save", event -> {
            LifecycleSpec rules;
            try {
                // Checked before anything is saved, so that a refused rule leaves the settings unsaved too.
                rules = lifecycle.value();
                rules.validate();
            } catch (InvalidInputException e) {
                lifecycle.showError(e);
                return;
            }
            try {
                long saved = id == null ? networks.create(form.value()) : update(id, form.value());
                networks.updateLifecycle(saved, rules);
                dialog.close();
                grid.getDataProvider().refreshAll();
                Feedback.success("Network saved");
            } catch (InvalidInputException e) {
                form.showError(e);
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setId("save-network");
        dialog.getFooter().add(new Button("Cancel", event -> dialog.close()), save);
        dialog.setWidth("min(56rem, 100vw)");
        dialog.open();
    }
}
