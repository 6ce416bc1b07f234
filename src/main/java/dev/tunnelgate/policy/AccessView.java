package dev.tunnelgate.policy;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.UserDirectory;
import dev.tunnelgate.networks.NetworkRow;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.protocol.PortRange;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;

/** Destinations and the policies that grant them. Auditors look; only admins change anything (the services check again). */
@Route("access")
@Menu(order = 55, icon = "vaadin:key", title = "policy.access.menu")
@RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
public class AccessView extends Main implements HasDynamicTitle {
    /** More than an admin picks from in one chooser; the choosers list this many, by name. */
    private static final int CHOICES = 1000;

    final Grid<DestinationRow> destinationGrid = new Grid<>();
    final Grid<PolicyRow> policyGrid = new Grid<>();
    final Button newDestination = new Button(getTranslation("policy.access.new-destination"));
    final Button newPolicy = new Button(getTranslation("policy.access.new-policy"));
    private final DestinationService destinations;
    private final PolicyService policies;
    private final NetworkService networks;
    private final UserDirectory users;
    private final AccessPreview preview;
    private final boolean admin;

    AccessView(
            DestinationService destinations,
            PolicyService policies,
            NetworkService networks,
            UserDirectory users,
            AccessPreview preview,
            AuthenticationContext authentication) {
        this.destinations = destinations;
        this.policies = policies;
        this.networks = networks;
        this.users = users;
        this.preview = preview;
        this.admin = authentication.hasRole(Roles.ADMIN);

        destinationGrid
                .addColumn(DestinationRow::name)
                .setHeader(getTranslation("policy.column.name"))
                .setAutoWidth(true);
        destinationGrid
                .addColumn(row -> protocol(row.settings().protocol()))
                .setHeader(getTranslation("policy.column.protocol"))
                .setAutoWidth(true);
        destinationGrid
                .addColumn(row ->
                        row.settings().ports().stream().map(PortRange::toString).collect(Collectors.joining(", ")))
                .setHeader(getTranslation("policy.column.ports"))
                .setAutoWidth(true);
        destinationGrid
                .addColumn(row ->
                        row.settings().prefixes().stream().map(Object::toString).collect(Collectors.joining(", ")))
                .setHeader(getTranslation("policy.column.prefixes"));
        destinationGrid.setItems(
                query -> destinations.list(VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        destinationGrid.setAllRowsVisible(true);

        policyGrid
                .addColumn(PolicyRow::name)
                .setHeader(getTranslation("policy.column.name"))
                .setAutoWidth(true);
        policyGrid
                .addColumn(row -> getTranslation(row.settings().enabled() ? "policy.yes" : "policy.no"))
                .setHeader(getTranslation("policy.column.enabled"))
                .setAutoWidth(true);
        policyGrid
                .addColumn(row -> String.join(", ", row.networks()))
                .setHeader(getTranslation("policy.column.networks"));
        policyGrid
                .addColumn(row -> String.join(", ", row.destinations()))
                .setHeader(getTranslation("policy.column.destinations"));
        policyGrid.addColumn(AccessView::who).setHeader(getTranslation("policy.column.who"));
        policyGrid.setItems(query -> policies.list(VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        policyGrid.setAllRowsVisible(true);

        newDestination.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        newDestination.addClickListener(event -> openDestination(null));
        newPolicy.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        newPolicy.addClickListener(event -> openPolicy(null));
        newDestination.setVisible(admin);
        newPolicy.setVisible(admin);
        if (admin) {
            destinationGrid.addItemClickListener(event -> openDestination(event.getItem()));
            policyGrid.addItemClickListener(event -> openPolicy(event.getItem()));
        }

        setSizeFull();
        addClassNames("view");
        add(
                new H2(getTranslation("policy.access.title")),
                new HorizontalLayout(new H3(getTranslation("policy.access.policies")), newPolicy),
                policyGrid,
                new HorizontalLayout(new H3(getTranslation("policy.access.destinations")), newDestination),
                destinationGrid);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("policy.access.title") + " · " + getTranslation("ui.app-title");
    }

    /** A protocol as the forms name it: tcp, udp, icmp, or "any". */
    static String protocol(AccessProtocol protocol) {
        return protocol == AccessProtocol.ANY
                ? PolicyTexts.text("policy.protocol.any")
                : protocol.name().toLowerCase(Locale.ROOT);
    }

    /** The groups (as "group x") and users a policy grants to. */
    static String who(PolicyRow row) {
        var who = new ArrayList<String>();
        row.settings().groups().forEach(g -> who.add(PolicyTexts.text("policy.who.group", g)));
        who.addAll(row.users());
        return String.join(", ", who);
    }

    DestinationDialog openDestination(@Nullable DestinationRow row) {
        var dialog = new DestinationDialog(
                destinations,
                preview,
                networks.list(PageRequest.of(0, CHOICES)).getContent().stream()
                        .map(NetworkRow::id)
                        .toList(),
                row,
                this::refresh);
        dialog.open();
        return dialog;
    }

    PolicyDialog openPolicy(@Nullable PolicyRow row) {
        var choices = PageRequest.of(0, CHOICES);
        var dialog = new PolicyDialog(
                policies,
                preview,
                row,
                networks.list(choices).getContent(),
                destinations.list(choices).getContent(),
                users.list(choices).getContent(),
                this::refresh);
        dialog.open();
        return dialog;
    }

    void refresh() {
        destinationGrid.getDataProvider().refreshAll();
        policyGrid.getDataProvider().refreshAll();
    }
}
