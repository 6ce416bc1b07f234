package dev.tunnelgate.policy;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.ui.Feedback;
import java.util.Locale;
import java.util.Map;

/** The fields of a destination. Knows nothing of services: the dialog saves, the service validates. */
class DestinationForm extends Composite<FormLayout> {
    final TextField name = new TextField("Name");
    final TextArea prefixes = new TextArea("Prefixes");
    final RadioButtonGroup<AccessProtocol> protocol = new RadioButtonGroup<>("Protocol");
    final TextField ports = new TextField("Ports");
    private final Feedback feedback;

    DestinationForm() {
        name.setMaxLength(DestinationSpec.NAME_MAX);
        prefixes.setHelperText("Networks, one per line or comma-separated, e.g. 10.1.0.0/16 or fd00:1::/64");
        protocol.setItems(AccessProtocol.values());
        protocol.setItemLabelGenerator(
                p -> p == AccessProtocol.ANY ? "any" : p.name().toLowerCase(Locale.ROOT));
        ports.setHelperText("tcp and udp only: ports and ranges, e.g. 22, 443, 8000-8080");
        protocol.addValueChangeListener(
                e -> ports.setEnabled(e.getValue() == null || e.getValue().hasPorts()));
        feedback = Feedback.forFields(Map.of(
                DestinationField.NAME, name,
                DestinationField.PREFIXES, prefixes,
                DestinationField.PROTOCOL, protocol,
                DestinationField.PORTS, ports));
        getContent().add(name, protocol, prefixes, ports);
        getContent().setColspan(prefixes, 2);
    }

    void setValue(DestinationSpec spec) {
        name.setValue(spec.name());
        prefixes.setValue(String.join("\n", spec.prefixes()));
        protocol.setValue(spec.protocol());
        ports.setValue(String.join(", ", spec.ports()));
    }

    DestinationSpec value() {
        var chosen = protocol.getValue();
        return new DestinationSpec(
                name.getValue(),
                DestinationSpec.listOf(prefixes.getValue()),
                chosen,
                // Ports left in a disabled field do not count: the protocol takes none.
                chosen == null || chosen.hasPorts() ? DestinationSpec.listOf(ports.getValue()) : java.util.List.of());
    }

    /** Puts a refusal on the field it names, or shows it as a notification. */
    void showError(RuntimeException error) {
        feedback.show(error);
    }
}
