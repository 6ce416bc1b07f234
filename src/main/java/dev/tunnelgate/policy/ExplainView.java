package dev.tunnelgate.policy;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.NotFoundException;
import dev.tunnelgate.ui.Feedback;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Who reaches what, and why: for a user, a device, or an address (and port) that someone asks about. */
@Route("access/explain")
@PageTitle("Explain access · Tunnelgate")
@Menu(order = 56, icon = "vaadin:question-circle-o", title = "Explain access")
// Role names as literals: identity re-evaluates access at sign-in, so policy must not depend on identity.
@RolesAllowed({"ADMIN", "AUDITOR"})
public class ExplainView extends Main {
    static final String ACTIVE_ONLY = "Only active devices reach anything. Pending devices are listed apart, as what"
            + " they will reach once approved; revoked and rejected devices reach nothing.";

    final ComboBox<AccessExplainer.UserOption> user = new ComboBox<>("User");
    final ComboBox<AccessExplainer.DeviceOption> device = new ComboBox<>("Device");
    final TextField address = new TextField("Address");
    final ComboBox<AccessProtocol> protocol = new ComboBox<>("Protocol");
    final TextField port = new TextField("Port");
    final Button ask = new Button("Who can reach it?");
    final H3 question = new H3();
    final Paragraph answer = new Paragraph();
    final Grid<ExplainRow> grid = grid("explain-active");
    final H3 pendingHeading = new H3("Pending approval: would reach it once approved");
    final Grid<ExplainRow> pending = grid("explain-pending");
    private final AccessExplainer explainer;
    private final Feedback feedback;

    ExplainView(AccessExplainer explainer) {
        this.explainer = explainer;
        user.setItems(query ->
                explainer.findUsers(query.getFilter().orElse(""), query.getOffset(), query.getLimit()).stream());
        user.setItemLabelGenerator(u -> u.email() == null ? u.displayName() : u.displayName() + " · " + u.email());
        user.setPlaceholder("Search by name or e-mail");
        user.setId("explain-user");
        user.addValueChangeListener(e -> {
            if (e.getValue() != null) {
                device.clear();
                explainUser(e.getValue().id());
            }
        });
        device.setItems(query ->
                explainer.findDevices(query.getFilter().orElse(""), query.getOffset(), query.getLimit()).stream());
        device.setItemLabelGenerator(d -> "%s · %s · %s (%s)"
                .formatted(d.name(), d.ownerName(), d.networkName(), d.status().toLowerCase(Locale.ROOT)));
        device.setPlaceholder("Search by name, owner or address");
        device.setId("explain-device");
        device.addValueChangeListener(e -> {
            if (e.getValue() != null) {
                user.clear();
                explainDevice(e.getValue().id());
            }
        });
        address.setPlaceholder("10.1.2.3 or fd00::10");
        address.setId("explain-address");
        address.setMaxLength(64);
        protocol.setItems(AccessProtocol.TCP, AccessProtocol.UDP, AccessProtocol.ICMP);
        protocol.setItemLabelGenerator(p -> p.name().toLowerCase(Locale.ROOT));
        protocol.setPlaceholder("Any");
        protocol.setClearButtonVisible(true);
        protocol.setId("explain-protocol");
        port.setPlaceholder("Any");
        port.setId("explain-port");
        port.setMaxLength(16);
        ask.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        ask.setId("explain-ask");
        ask.addClickListener(e -> explainAddress());
        ask.addClickShortcut(com.vaadin.flow.component.Key.ENTER);
        feedback = Feedback.forFields(
                Map.of(ExplainField.ADDRESS, address, ExplainField.PROTOCOL, protocol, ExplainField.PORT, port));
        answer.setId("explain-answer");
        var pickers = new HorizontalLayout(user, device);
        var addressForm = new HorizontalLayout(address, protocol, port, ask);
        addressForm.setAlignItems(FlexComponent.Alignment.BASELINE);
        addClassNames("view");
        add(
                new H2("Explain access"),
                new Paragraph("What a user or a device reaches and which policy grants it, or who can reach an"
                        + " address. " + ACTIVE_ONLY),
                pickers,
                addressForm,
                question,
                answer,
                grid,
                pendingHeading,
                pending);
        show("", "Pick a user or a device, or ask about an address.", List.of(), List.of());
    }

    private static Grid<ExplainRow> grid(String id) {
        var grid = new Grid<ExplainRow>();
        grid.addColumn(ExplainRow::user).setHeader("User").setAutoWidth(true);
        grid.addColumn(ExplainRow::device).setHeader("Device").setAutoWidth(true);
        grid.addColumn(ExplainRow::network).setHeader("Network").setAutoWidth(true);
        grid.addColumn(ExplainRow::status).setHeader("Status").setAutoWidth(true);
        grid.addColumn(ExplainRow::destination).setHeader("Destination").setAutoWidth(true);
        grid.addColumn(ExplainRow::traffic).setHeader("Traffic").setAutoWidth(true);
        grid.addColumn(ExplainRow::prefixes).setHeader("Prefixes").setAutoWidth(true);
        grid.addColumn(ExplainRow::grantedBy).setHeader("Granted by").setFlexGrow(1);
        grid.setAllRowsVisible(true);
        grid.setId(id);
        return grid;
    }

    private void explainUser(long userId) {
        try {
            var access = explainer.forUser(userId);
            var who = access.groups().isEmpty()
                    ? access.displayName()
                    : access.displayName() + " (" + String.join(", ", access.groups()) + ")";
            show(
                    "What " + who + " reaches",
                    access.devices().isEmpty()
                            ? access.displayName() + " has no active or pending device: they reach nothing."
                            : "",
                    ExplainRow.of(access.devices()),
                    List.of());
        } catch (NotFoundException gone) {
            Feedback.error(gone);
        }
    }

    private void explainDevice(long deviceId) {
        try {
            var access = explainer.forDevice(deviceId);
            String empty = "";
            if (access.retired()) {
                empty = access.deviceName() + " is " + access.status().toLowerCase(Locale.ROOT)
                        + ": it reaches nothing.";
            } else if (access.pending()) {
                empty = access.deviceName() + " is pending approval: it reaches this once approved.";
            }
            show(
                    "What " + access.deviceName() + " of " + access.ownerName() + " reaches",
                    empty,
                    access.retired() ? List.of() : ExplainRow.of(List.of(access)),
                    List.of());
        } catch (NotFoundException gone) {
            Feedback.error(gone);
        }
    }

    private void explainAddress() {
        try {
            var access = explainer.whoReaches(address.getValue(), protocol.getValue(), port.getValue());
            address.setInvalid(false);
            protocol.setInvalid(false);
            port.setInvalid(false);
            user.clear();
            device.clear();
            show(
                    "Who can reach " + access.question(),
                    access.active().isEmpty() ? "No active device can reach " + access.question() + "." : "",
                    ExplainRow.of(access.active()),
                    ExplainRow.of(access.pending()));
        } catch (InvalidInputException refused) {
            feedback.show(refused);
        }
    }

    private void show(String title, String message, List<ExplainRow> rows, List<ExplainRow> pendingRows) {
        question.setText(title);
        question.setVisible(!title.isEmpty());
        answer.setText(message);
        answer.setVisible(!message.isEmpty());
        grid.setItems(rows);
        grid.setVisible(!rows.isEmpty());
        pending.setItems(pendingRows);
        pending.setVisible(!pendingRows.isEmpty());
        pendingHeading.setVisible(!pendingRows.isEmpty());
    }
}
