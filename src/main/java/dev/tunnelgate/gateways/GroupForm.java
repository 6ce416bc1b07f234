package dev.tunnelgate.gateways;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.binder.ValidationException;
import dev.tunnelgate.networks.NetworkRow;
import dev.tunnelgate.ui.Feedback;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/** The fields of a gateway group. Knows nothing of services: the dialog saves, the service validates. */
class GroupForm extends Composite<FormLayout> {
    static final int DEFAULT_LISTEN_PORT = 51820;

    final TextField name = new TextField(getTranslation("gateways.form.name"));
    final TextField endpoint = new TextField(getTranslation("gateways.form.endpoint"));
    final IntegerField listenPort = new IntegerField(getTranslation("gateways.form.listen-port"));
    final MultiSelectComboBox<NetworkRow> networks =
            new MultiSelectComboBox<>(getTranslation("gateways.form.networks"));
    final TextField publicKey = new TextField(getTranslation("gateways.form.public-key"));
    final Feedback feedback = Feedback.forFields(Map.of(
            GroupField.NAME,
            name,
            GroupField.ENDPOINT,
            endpoint,
            GroupField.LISTEN_PORT,
            listenPort,
            GroupField.NETWORKS,
            networks,
            GroupField.PUBLIC_KEY,
            publicKey));
    private final Binder<GroupSpec> binder = new Binder<>(GroupSpec.class);

    /**
     * @param servedBy the name of the group serving a network, if any, so the chooser says which are taken
     */
    GroupForm(List<NetworkRow> available, LongFunction<@Nullable String> servedBy) {
        name.setMaxLength(GatewayGroup.NAME_MAX_LENGTH);
        name.setRequired(true);
        endpoint.setRequired(true);
        endpoint.setHelperText(getTranslation("gateways.form.endpoint.helper"));
        listenPort.setMin(1);
        listenPort.setMax(65535);
        listenPort.setHelperText(getTranslation("gateways.form.listen-port.helper"));
        networks.setItems(available);
        networks.setItemLabelGenerator(network -> {
            var group = servedBy.apply(network.id());
            return group == null
                    ? network.settings().name()
                    : getTranslation(
                            "gateways.form.networks.served-by",
                            network.settings().name(),
                            group);
        });
        networks.setHelperText(getTranslation("gateways.form.networks.helper"));
        publicKey.setHelperText(getTranslation("gateways.form.public-key.helper"));
        getContent().add(name, endpoint, listenPort, networks, publicKey);
        getContent().setColspan(networks, 2);
        getContent().setColspan(publicKey, 2);

        // The service validates and names the field it refuses; the components' own checks would only pre-empt it.
        binder.setDefaultValidatorsEnabled(false);
        binder.forField(name).bind("name");
        binder.forField(endpoint).bind("endpoint");
        binder.forField(listenPort)
                .withConverter(port -> port == null ? 0 : port, port -> port)
                .bind("listenPort");
        binder.forField(networks).withConverter(GroupForm::ids, this::rows).bind("networkIds");
        binder.forField(publicKey)
                .withConverter(key -> key.isBlank() ? null : key, key -> key == null ? "" : key)
                .bind("publicKey");
    }

    void setValue(GroupSpec spec) {
        binder.readRecord(spec);
    }

    GroupSpec value() {
        try {
            return binder.writeRecord();
        } catch (ValidationException e) {
            // No validators and no converter that can fail: the service is the one that refuses.
            throw new IllegalStateException(e);
        }
    }

    private static List<Long> ids(Set<NetworkRow> rows) {
        return rows.stream().map(NetworkRow::id).sorted().toList();
    }

    private Set<NetworkRow> rows(List<Long> ids) {
        var wanted = new HashSet<>(ids);
        return new HashSet<>(networks.getListDataView()
                .getItems()
                .filter(n -> wanted.contains(n.id()))
                .toList());
    }
}
