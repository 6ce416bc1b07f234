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
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
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
@Menu(order = 56, icon = "vaadin:question-circle-o", title = "policy.explain.menu")
// Role names as literals: identity re-evaluates access at sign-in, so policy must not depend on identity.
@RolesAllowed({"ADMIN", "AUDITOR"})
public class ExplainView extends Main implements HasDynamicTitle {
    final ComboBox<AccessExplainer.UserOption> user = new ComboBox<>(getTranslation("policy.explain.user"));
    final ComboBox<AccessExplainer.DeviceOption> device = new ComboBox<>(getTranslation("policy.explain.device"));
    final TextField address = new TextField(getTranslation("policy.explain.address"));
    final ComboBox<AccessProtocol> protocol = new ComboBox<>(getTranslation("policy.explain.protocol"));
    final TextField port = new TextField(getTranslation("policy.explain.port"));
    final Button ask = new Button(getTranslation("policy.explain.ask"));
    final H3 question = new H3();
    final Paragraph answer = new Paragraph();
    final Grid<ExplainRow> grid = grid("explain-active");
    final H3 pendingHeading = new H3(getTranslation("policy.explain.pending-heading"));
    final Grid<ExplainRow> pending = grid("explain-pending");
    private final AccessExplainer explainer;
    private final Feedback feedback;

    ExplainView(AccessExplainer explainer) {
        this.explainer = explainer;
        user.setItems(query ->
                explainer.findUsers(query.getFilter().orElse(""), query.getOffset(), query.getLimit()).stream());
        user.setItemLabelGenerator(u -> u.email() == null ? u.displayName() : u.displayName() + " · " + u.email());
        user.setPlaceholder(getTranslation("policy.explain.user.placeholder"));
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
                .formatted(d.name(), d.ownerName(), d.networkName(), PolicyTexts.status(d.status())));
        device.setPlaceholder(getTranslation("policy.explain.device.placeholder"));
        device.setId("explain-device");
        device.addValueChangeListener(e -> {
            if (e.getValue() != null) {
                user.clear();
                explainDevice(e.getValue().id());
            }
        });
        address.setPlaceholder(getTranslation("policy.explain.address.placeholder"));
        address.setId("explain-address");
        address.setMaxLength(64);
        protocol.setItems(AccessProtocol.TCP, AccessProtocol.UDP, AccessProtocol.ICMP);
        protocol.setItemLabelGenerator(p -> p.name().toLowerCase(Locale.ROOT));
        protocol.setPlaceholder(getTranslation("policy.explain.any"));
        protocol.setClearButtonVisible(true);
        protocol.setId("explain-protocol");
        port.setPlaceholder(getTranslation("policy.explain.any"));
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
                new H2(getTranslation("policy.explain.title")),
                new Paragraph(getTranslation("policy.explain.intro")),
                pickers,
                addressForm,
                question,
                answer,
                grid,
                pendingHeading,
                pending);
        show("", getTranslation("policy.explain.start"), List.of(), List.of());
    }

    @Override
    public String getPageTitle() {
        return getTranslation("policy.explain.title") + " · " + getTranslation("ui.app-title");
    }

    private Grid<ExplainRow> grid(String id) {
        var grid = new Grid<ExplainRow>();
        grid.addColumn(ExplainRow::user)
                .setHeader(getTranslation("policy.explain.column.user"))
                .setAutoWidth(true);
        grid.addColumn(ExplainRow::device)
                .setHeader(getTranslation("policy.explain.column.device"))
                .setAutoWidth(true);
        grid.addColumn(ExplainRow::network)
                .setHeader(getTranslation("policy.explain.column.network"))
                .setAutoWidth(true);
        grid.addColumn(ExplainRow::status)
                .setHeader(getTranslation("policy.explain.column.status"))
                .setAutoWidth(true);
        grid.addColumn(ExplainRow::destination)
                .setHeader(getTranslation("policy.explain.column.destination"))
                .setAutoWidth(true);
        grid.addColumn(ExplainRow::traffic)
                .setHeader(getTranslation("policy.explain.column.traffic"))
                .setAutoWidth(true);
        grid.addColumn(ExplainRow::prefixes)
                .setHeader(getTranslation("policy.explain.column.prefixes"))
                .setAutoWidth(true);
        grid.addColumn(ExplainRow::grantedBy)
                .setHeader(getTranslation("policy.explain.column.granted-by"))
                .setFlexGrow(1);
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
                    getTranslation("policy.explain.what-reaches", who),
                    access.devices().isEmpty()
                            ? getTranslation("policy.explain.user-reaches-nothing", access.displayName())
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
                empty = getTranslation(
                        "policy.explain.device-retired", access.deviceName(), PolicyTexts.status(access.status()));
            } else if (access.pending()) {
                empty = getTranslation("policy.explain.device-pending", access.deviceName());
            }
            show(
                    getTranslation("policy.explain.what-device-reaches", access.deviceName(), access.ownerName()),
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
                    getTranslation("policy.explain.who-reaches", access.question()),
                    access.active().isEmpty() ? getTranslation("policy.explain.nobody-reaches", access.question()) : "",
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
