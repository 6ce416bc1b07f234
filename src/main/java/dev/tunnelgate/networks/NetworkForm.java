package dev.tunnelgate.networks;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.binder.ValidationException;
import dev.tunnelgate.ui.Feedback;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The fields of a network. Knows nothing of services: the dialog saves, the service validates. */
class NetworkForm extends Composite<FormLayout> {
    final TextField name = new TextField("Name");
    final TextField ipv4Pool = new TextField("IPv4 pool");
    final TextField ipv6Pool = new TextField("IPv6 pool (optional)");
    final TextArea gatewayAddresses = new TextArea("Gateway addresses");
    final TextArea dnsServers = new TextArea("DNS servers");
    final IntegerField mtu = new IntegerField("MTU");
    final IntegerField persistentKeepalive = new IntegerField("PersistentKeepalive (s)");
    final TextField endpoint = new TextField("Endpoint (host:port)");
    final RadioButtonGroup<TunnelMode> tunnelMode = new RadioButtonGroup<>("Tunnel mode");
    final TextArea allowedIps = new TextArea("Allowed IPs");
    final RadioButtonGroup<ApprovalMode> approvalMode = new RadioButtonGroup<>("Approval");
    final TextArea autoApproveGroups = new TextArea("Auto-approve groups");
    final IntegerField devicesPerUser = new IntegerField("Devices per user");
    final TextField gatewayPublicKey = new TextField("Gateway public key");
    final Checkbox openWithoutPolicies = new Checkbox("Without policies, devices reach everything the gateway routes");
    private final Feedback feedback;
    /*
     * The bindings read a spec's components and write what the fields convert to into the draft, which calls the
     * canonical constructor. Not Binder.writeRecord() as in GroupForm: it calls whichever constructor reflection lists
     * first (vaadin/flow#21286), and NetworkSpec has two; the 14-argument one comes first on some JVMs (without class
     * data sharing, for one), where every save would fail with "wrong number of arguments".
     */
    private final Binder<NetworkSpec> binder = new Binder<>();
    private final Draft draft = new Draft();
    private NetworkSpec shown;

    NetworkForm() {
        name.setMaxLength(NetworkSpec.NAME_MAX);
        tunnelMode.setItems(TunnelMode.values());
        tunnelMode.setItemLabelGenerator(
                m -> m == TunnelMode.SPLIT ? "Split: only the allowed IPs" : "Full: all traffic");
        approvalMode.setItems(ApprovalMode.values());
        approvalMode.setItemLabelGenerator(m -> switch (m) {
            case MANUAL -> "An approver decides";
            case GROUPS -> "Members of the groups below are approved at once";
            case AUTOMATIC -> "Every device is approved at once";
        });
        tunnelMode.addValueChangeListener(e -> allowedIps.setEnabled(e.getValue() != TunnelMode.FULL));
        approvalMode.addValueChangeListener(e -> autoApproveGroups.setEnabled(e.getValue() == ApprovalMode.GROUPS));
        gatewayAddresses.setHelperText("Inside the pools; never given to devices");
        gatewayPublicKey.setHelperText(
                "The WireGuard public key of the gateway clients connect to (wg show <if> public-key)");
        allowedIps.setHelperText("Networks the clients route through the tunnel, e.g. 10.0.0.0/8");
        openWithoutPolicies.setHelperText("Applies only while no enabled access policy names this network;"
                + " otherwise devices reach what the policies grant their owners, and nothing else");
        feedback = Feedback.forFields(Map.ofEntries(
                Map.entry(NetworkField.NAME, name),
                Map.entry(NetworkField.IPV4_POOL, ipv4Pool),
                Map.entry(NetworkField.IPV6_POOL, ipv6Pool),
                Map.entry(NetworkField.GATEWAY_ADDRESSES, gatewayAddresses),
                Map.entry(NetworkField.DNS_SERVERS, dnsServers),
                Map.entry(NetworkField.MTU, mtu),
                Map.entry(NetworkField.PERSISTENT_KEEPALIVE, persistentKeepalive),
                Map.entry(NetworkField.ENDPOINT, endpoint),
                Map.entry(NetworkField.ALLOWED_IPS, allowedIps),
                Map.entry(NetworkField.AUTO_APPROVE_GROUPS, autoApproveGroups),
                Map.entry(NetworkField.DEVICES_PER_USER, devicesPerUser),
                Map.entry(NetworkField.GATEWAY_PUBLIC_KEY, gatewayPublicKey)));
        getContent()
                .add(
                        name,
                        endpoint,
                        ipv4Pool,
                        ipv6Pool,
                        gatewayAddresses,
                        dnsServers,
                        mtu,
                        persistentKeepalive,
                        tunnelMode,
                        allowedIps,
                        approvalMode,
                        autoApproveGroups,
                        devicesPerUser,
                        gatewayPublicKey,
                        openWithoutPolicies);
        getContent().setColspan(tunnelMode, 2);
        getContent().setColspan(openWithoutPolicies, 2);
        getContent().setColspan(approvalMode, 2);

        // The service validates and names the field it refuses; the components' own checks would only pre-empt it.
        binder.setDefaultValidatorsEnabled(false);
        binder.forField(name).bind(NetworkSpec::name, (spec, v) -> draft.name = v);
        binder.forField(ipv4Pool).bind(NetworkSpec::ipv4Pool, (spec, v) -> draft.ipv4Pool = v);
        // An empty text stays "" (not null) on its way to the service, as it always did.
        binder.forField(ipv6Pool).bind(NetworkSpec::ipv6Pool, (spec, v) -> draft.ipv6Pool = v);
        binder.forField(gatewayAddresses)
                .withConverter(NetworkSpec::listOf, NetworkForm::lines)
                .bind(NetworkSpec::gatewayAddresses, (spec, v) -> draft.gatewayAddresses = v);
        binder.forField(dnsServers)
                .withConverter(NetworkSpec::listOf, NetworkForm::lines)
                .bind(NetworkSpec::dnsServers, (spec, v) -> draft.dnsServers = v);
        binder.forField(mtu)
                .withConverter(NetworkForm::orZero, v -> v)
                .bind(NetworkSpec::mtu, (spec, v) -> draft.mtu = v);
        binder.forField(persistentKeepalive)
                .withConverter(NetworkForm::orZero, v -> v)
                .bind(NetworkSpec::persistentKeepalive, (spec, v) -> draft.persistentKeepalive = v);
        binder.forField(endpoint).bind(NetworkSpec::endpoint, (spec, v) -> draft.endpoint = v);
        binder.forField(tunnelMode)
                .withConverter(m -> m == null ? TunnelMode.SPLIT : m, m -> m)
                .bind(NetworkSpec::tunnelMode, (spec, v) -> draft.tunnelMode = v);
        binder.forField(allowedIps)
                .withConverter(NetworkSpec::listOf, NetworkForm::lines)
                .bind(NetworkSpec::allowedIps, (spec, v) -> draft.allowedIps = v);
        binder.forField(approvalMode)
                .withConverter(m -> m == null ? ApprovalMode.MANUAL : m, m -> m)
                .bind(NetworkSpec::approvalMode, (spec, v) -> draft.approvalMode = v);
        binder.forField(autoApproveGroups)
                .withConverter(NetworkSpec::listOf, NetworkForm::lines)
                .bind(NetworkSpec::autoApproveGroups, (spec, v) -> draft.autoApproveGroups = v);
        binder.forField(devicesPerUser)
                .withConverter(NetworkForm::orZero, v -> v)
                .bind(NetworkSpec::devicesPerUser, (spec, v) -> draft.devicesPerUser = v);
        binder.forField(gatewayPublicKey).bind(NetworkSpec::gatewayPublicKey, (spec, v) -> draft.gatewayPublicKey = v);
        binder.forField(openWithoutPolicies)
                .bind(NetworkSpec::openWithoutPolicies, (spec, v) -> draft.openWithoutPolicies = v);
        shown = draft.spec();
    }

    void setValue(NetworkSpec spec) {
        shown = spec;
        binder.readBean(spec);
    }

    NetworkSpec value() {
        try {
            // The setters ignore the bean they are given: they fill the draft.
            binder.writeBean(shown);
        } catch (ValidationException e) {
            // No validators and no converter that can fail: the service is the one that refuses.
            throw new IllegalStateException(e);
        }
        return draft.spec();
    }

    /** Puts a refusal on the field it names, or shows it as a notification. */
    void showError(RuntimeException error) {
        feedback.show(error);
    }

    private static int orZero(@Nullable Integer value) {
        return value == null ? 0 : value;
    }

    private static String lines(List<String> values) {
        return String.join("\n", values);
    }

    /** What the fields convert to, for {@link NetworkSpec}'s canonical constructor. */
    private static final class Draft {
        String name = "";
        String ipv4Pool = "";

        @Nullable
        String ipv6Pool;

        List<String> gatewayAddresses = List.of();
        List<String> dnsServers = List.of();
        int mtu;
        int persistentKeepalive;
        String endpoint = "";
        TunnelMode tunnelMode = TunnelMode.SPLIT;
        List<String> allowedIps = List.of();
        ApprovalMode approvalMode = ApprovalMode.MANUAL;
        List<String> autoApproveGroups = List.of();
        int devicesPerUser;

        @Nullable
        String gatewayPublicKey;

        boolean openWithoutPolicies;

        NetworkSpec spec() {
            return new NetworkSpec(
                    name,
                    ipv4Pool,
                    ipv6Pool,
                    gatewayAddresses,
                    dnsServers,
                    mtu,
                    persistentKeepalive,
                    endpoint,
                    tunnelMode,
                    allowedIps,
                    approvalMode,
                    autoApproveGroups,
                    devicesPerUser,
                    gatewayPublicKey,
                    openWithoutPolicies);
        }
    }
}
