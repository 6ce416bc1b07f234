package dev.tunnelgate.policy;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.tunnelgate.identity.UserRow;
import dev.tunnelgate.networks.NetworkRow;
import dev.tunnelgate.ui.Feedback;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/** The fields of an access policy. Knows nothing of services: the dialog saves, the service validates. */
class PolicyForm extends Composite<FormLayout> {
    final TextField name = new TextField(getTranslation("policy.form.name"));
    final Checkbox enabled = new Checkbox(getTranslation("policy.form.enabled"));
    final MultiSelectComboBox<NetworkRow> networks = new MultiSelectComboBox<>(getTranslation("policy.form.networks"));
    final MultiSelectComboBox<DestinationRow> destinations =
            new MultiSelectComboBox<>(getTranslation("policy.form.destinations"));
    final TextArea groups = new TextArea(getTranslation("policy.form.groups"));
    final MultiSelectComboBox<UserRow> users = new MultiSelectComboBox<>(getTranslation("policy.form.users"));
    private final Feedback feedback;

    PolicyForm(List<NetworkRow> networkChoices, List<DestinationRow> destinationChoices, List<UserRow> userChoices) {
        name.setMaxLength(PolicySpec.NAME_MAX);
        enabled.setHelperText(getTranslation("policy.form.enabled.help"));
        networks.setItems(networkChoices);
        networks.setItemLabelGenerator(n -> n.settings().name());
        networks.setHelperText(getTranslation("policy.form.networks.help"));
        destinations.setItems(destinationChoices);
        destinations.setItemLabelGenerator(DestinationRow::name);
        groups.setHelperText(getTranslation("policy.form.groups.help"));
        users.setItems(userChoices);
        users.setItemLabelGenerator(
                u -> u.email() == null ? u.displayName() : u.displayName() + " <" + u.email() + ">");
        users.setHelperText(getTranslation("policy.form.users.help"));
        feedback = Feedback.forFields(Map.of(
                PolicyField.NAME, name,
                PolicyField.NETWORKS, networks,
                PolicyField.DESTINATIONS, destinations,
                PolicyField.GROUPS, groups,
                PolicyField.USERS, users));
        getContent().add(name, enabled, networks, destinations, groups, users);
        getContent().setColspan(networks, 2);
        getContent().setColspan(destinations, 2);
    }

    void setValue(PolicySpec spec) {
        name.setValue(spec.name());
        enabled.setValue(spec.enabled());
        networks.setValue(chosen(networks, NetworkRow::id, spec.networkIds()));
        destinations.setValue(chosen(destinations, DestinationRow::id, spec.destinationIds()));
        groups.setValue(String.join("\n", spec.groups()));
        users.setValue(chosen(users, UserRow::id, spec.userIds()));
    }

    PolicySpec value() {
        return new PolicySpec(
                name.getValue(),
                enabled.getValue(),
                ids(networks.getValue(), NetworkRow::id),
                ids(destinations.getValue(), DestinationRow::id),
                groupsOf(groups.getValue()),
                ids(users.getValue(), UserRow::id));
    }

    /** One group per line; blank lines are skipped. Group names may hold spaces and commas. */
    static List<String> groupsOf(String text) {
        return Arrays.stream(text.split("\r?\n", -1))
                .filter(line -> !line.isBlank())
                .toList();
    }

    /** Puts a refusal on the field it names, or shows it as a notification. */
    void showError(RuntimeException error) {
        feedback.show(error);
    }

    private static <T> Set<T> chosen(MultiSelectComboBox<T> box, ToLongFunction<T> id, Set<Long> ids) {
        return box.getListDataView()
                .getItems()
                .filter(item -> ids.contains(id.applyAsLong(item)))
                .collect(Collectors.toSet());
    }

    private static <T> Set<Long> ids(Set<T> items, ToLongFunction<T> id) {
        return items.stream().map(id::applyAsLong).collect(Collectors.toSet());
    }
}
