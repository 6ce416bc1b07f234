package dev.tunnelgate.networks;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.ui.Feedback;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

@Route("networks")
@Menu(order = 50, icon = "vaadin:cluster", title = "networks.menu")
@RolesAllowed(Roles.ADMIN)
public class NetworksView extends Main implements HasDynamicTitle {
    final Grid<NetworkRow> grid = new Grid<>();
    final Button create = new Button(getTranslation("networks.new"));
    private final NetworkService networks;

    NetworksView(NetworkService networks) {
        this.networks = networks;
        grid.addColumn(row -> row.settings().name())
                .setHeader(getTranslation("networks.column.name"))
                .setAutoWidth(true);
        grid.addColumn(row -> row.settings().ipv4Pool().toString())
                .setHeader(getTranslation("networks.column.ipv4-pool"))
                .setAutoWidth(true);
        grid.addColumn(row -> Objects.toString(row.settings().ipv6Pool(), ""))
                .setHeader(getTranslation("networks.column.ipv6-pool"))
                .setAutoWidth(true);
        grid.addColumn(row -> row.settings().endpoint().toString())
                .setHeader(getTranslation("networks.column.endpoint"))
                .setAutoWidth(true);
        grid.addColumn(row -> getTranslation(
                        "networks.tunnel." + row.settings().tunnelMode().name().toLowerCase(Locale.ROOT)))
                .setHeader(getTranslation("networks.column.tunnel"))
                .setAutoWidth(true);
        grid.addColumn(row -> getTranslation("networks.approval."
                        + row.settings().approvalMode().name().toLowerCase(Locale.ROOT)))
                .setHeader(getTranslation("networks.column.approval"))
                .setAutoWidth(true);
        grid.setItems(query -> networks.list(VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        grid.addItemClickListener(event ->
                open(event.getItem().id(), NetworkSpec.of(event.getItem().settings())));
        grid.setSizeFull();
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(event -> open(null, blank()));
        setSizeFull();
        addClassNames("view");
        add(new HorizontalLayout(new H2(getTranslation("networks.heading")), create), grid);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("networks.title") + " · " + getTranslation("ui.app-title");
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
        form.showGatewayGroup(id == null ? null : networks.gatewayGroup(id).orElse(null));
        var lifecycle = new LifecycleForm();
        lifecycle.setValue(LifecycleSpec.of(id == null ? NetworkLifecycle.DEFAULT : networks.lifecycle(id)));
        var dialog = new Dialog(
                id == null
                        ? getTranslation("networks.dialog.new")
                        : getTranslation("networks.dialog.edit", spec.name()));
        dialog.add(form, lifecycle);
        var save = new Button(getTranslation("networks.save"), event -> {
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
                Feedback.success(getTranslation("networks.saved"));
            } catch (InvalidInputException e) {
                form.showError(e);
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setId("save-network");
        dialog.getFooter().add(new Button(getTranslation("networks.cancel"), event -> dialog.close()), save);
        dialog.setWidth("min(56rem, 100vw)");
        dialog.open();
    }
}
