package dev.tunnelgate.policy;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.ui.Feedback;
import java.util.Map;

/** The fields of a destination. Knows nothing of services: the dialog saves, the service validates. */
class DestinationForm extends Composite<FormLayout> {
    final TextField name = new TextField(getTranslation("policy.form.name"));
    final TextArea prefixes = new TextArea(getTranslation("policy.form.prefixes"));
    final RadioButtonGroup<AccessProtocol> protocol = new RadioButtonGroup<>(getTranslation("policy.form.protocol"));
    final TextField ports = new TextField(getTranslation("policy.form.ports"));
    private final Feedback feedback;

    DestinationForm() {
        name.setMaxLength(DestinationSpec.NAME_MAX);
        prefixes.setHelperText(getTranslation("policy.form.prefixes.help"));
        protocol.setItems(AccessProtocol.values());
        protocol.setItemLabelGenerator(AccessView::protocol);
        ports.setHelperText(getTranslation("policy.form.ports.help"));
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
