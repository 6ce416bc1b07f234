package dev.tunnelgate.gateways;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import dev.tunnelgate.networks.NetworkRow;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.ui.FieldErrors;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/** The fields of a gateway group. Knows nothing of services: the dialog saves, the service validates. */
class GroupForm extends Composite<FormLayout> {
    static final int DEFAULT_LISTEN_PORT = 51820;

    final TextField name = new TextField("Name");
    final TextField endpoint = new TextField("Endpoint (host:port)");
    final IntegerField listenPort = new IntegerField("Listen port");
    final MultiSelectComboBox<NetworkRow> networks = new MultiSelectComboBox<>("Networks");
    final TextField publicKey = new TextField("Public key (optional)");
    private final Map<String, HasValidation> fieldsByLabel = Map.of("Name", name, "Endpoint", endpoint,
            "Listen port", listenPort, "Networks", networks, "Public key", publicKey);

    /**
     * @param servedBy the name of the group serving a network, if any, so the chooser says which are taken
     */
    GroupForm(List<NetworkRow> available, LongFunction<@Nullable String> servedBy) {
        name.setMaxLength(GatewayGroup.NAME_MAX_LENGTH);
        name.setRequired(true);
        endpoint.setRequired(true);
        endpoint.setHelperText("What clients connect to, e.g. vpn.example.com:51820 (a floating IP or anycast name for HA)");
        listenPort.setMin(1);
        listenPort.setMax(65535);
        listenPort.setHelperText("The UDP port the gateways' WireGuard interface listens on");
        networks.setItems(available);
        networks.setItemLabelGenerator(network -> {
            var group = servedBy.apply(network.id());
            return group == null ? network.settings().name() : "%s (served by %s)".formatted(network.settings().name(), group);
        });
        networks.setHelperText("A network is served by one gateway group");
        publicKey.setHelperText("Leave empty: the first gateway that reports sets it (wg show <if> public-key)");
        getContent().add(name, endpoint, listenPort, networks, publicKey);
        getContent().setColspan(networks, 2);
        getContent().setColspan(publicKey, 2);
    }

    void setValue(GroupSpec spec) {
        name.setValue(spec.name());
        endpoint.setValue(spec.endpoint());
        listenPort.setValue(spec.listenPort());
        var ids = new HashSet<>(spec.networkIds());
        networks.setValue(networks.getListDataView().getItems().filter(n -> ids.contains(n.id())).toList());
        publicKey.setValue(spec.publicKey() == null ? "" : spec.publicKey());
    }

    GroupSpec value() {
        var ids = networks.getValue().stream().map(NetworkRow::id).sorted().toList();
        var port = listenPort.getValue();
        return new GroupSpec(name.getValue(), endpoint.getValue(), port == null ? 0 : port, ids,
                publicKey.getValue().isBlank() ? null : publicKey.getValue());
    }

    /** Shows a validation error on the field it is about; returns false when no field matches. */
    boolean showError(InvalidInputException error) {
        return FieldErrors.show(fieldsByLabel, error);
    }
}
