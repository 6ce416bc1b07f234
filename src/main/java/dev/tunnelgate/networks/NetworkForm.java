package dev.tunnelgate.networks;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.binder.ValidationException;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.tunnelgate.ui.Feedback;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The fields of a network. Knows nothing of services: the dialog saves, the service validates. */
class NetworkForm extends Composite<FormLayout> {
    final TextField name = new TextField(getTranslation("networks.form.name"));
    final TextField ipv4Pool = new TextField(getTranslation("networks.form.ipv4-pool"));
    final TextField ipv6Pool = new TextField(getTranslation("networks.form.ipv6-pool"));
    final TextArea gatewayAddresses = new TextArea(getTranslation("networks.form.gateway-addresses"));
    final TextArea dnsServers = new TextArea(getTranslation("networks.form.dns-servers"));
    /** Shown below the DNS servers while one of them points into the tunnel; a warning, not an error. */
    final Span dnsWarning = new Span(getTranslation("networks.form.dns-servers.gateway-warning"));

    final IntegerField mtu = new IntegerField(getTranslation("networks.form.mtu"));
    final IntegerField persistentKeepalive = new IntegerField(getTranslation("networks.form.persistent-keepalive"));
    final TextField endpoint = new TextField(getTranslation("networks.form.endpoint"));
    final RadioButtonGroup<TunnelMode> tunnelMode = new RadioButtonGroup<>(getTranslation("networks.form.tunnel-mode"));
    final TextArea allowedIps = new TextArea(getTranslation("networks.form.allowed-ips"));
    final RadioButtonGroup<ApprovalMode> approvalMode =
            new RadioButtonGroup<>(getTranslation("networks.form.approval"));
    final TextArea autoApproveGroups = new TextArea(getTranslation("networks.form.auto-approve-groups"));
    final IntegerField devicesPerUser = new IntegerField(getTranslation("networks.form.devices-per-user"));
    final TextField gatewayPublicKey = new TextField(getTranslation("networks.form.gateway-public-key"));
    /**
     * Instead of the endpoint and key inputs while a gateway group serves the network: the group sets both (its form
     * has the inputs), and this says what they are and where they are set.
     */
    final Div gatewayOwned = new Div();

    final Checkbox openWithoutPolicies = new Checkbox(getTranslation("networks.form.open-without-policies"));
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
        tunnelMode.setItemLabelGenerator(m -> getTranslation(
                m == TunnelMode.SPLIT ? "networks.form.tunnel-mode.split" : "networks.form.tunnel-mode.full"));
        approvalMode.setItems(ApprovalMode.values());
        approvalMode.setItemLabelGenerator(m -> switch (m) {
            case MANUAL -> getTranslation("networks.form.approval.manual");
            case GROUPS -> getTranslation("networks.form.approval.groups");
            case AUTOMATIC -> getTranslation("networks.form.approval.automatic");
        });
        tunnelMode.addValueChangeListener(e -> allowedIps.setEnabled(e.getValue() != TunnelMode.FULL));
        approvalMode.addValueChangeListener(e -> autoApproveGroups.setEnabled(e.getValue() == ApprovalMode.GROUPS));
        gatewayAddresses.setHelperText(getTranslation("networks.form.gateway-addresses.helper"));
        endpoint.setHelperText(getTranslation("networks.form.endpoint.helper"));
        gatewayPublicKey.setHelperText(getTranslation("networks.form.gateway-public-key.helper"));
        allowedIps.setHelperText(getTranslation("networks.form.allowed-ips.helper"));
        openWithoutPolicies.setHelperText(getTranslation("networks.form.open-without-policies.helper"));
        dnsWarning.addClassNames(LumoUtility.TextColor.WARNING);
        dnsWarning.getElement().setAttribute("role", "status");
        dnsWarning.setVisible(false);
        dnsServers.setHelperComponent(dnsWarning);
        for (var field : List.of(ipv4Pool, ipv6Pool, gatewayAddresses, dnsServers)) {
            field.addValueChangeListener(event -> adviseOnDns());
        }
        gatewayOwned.setVisible(false);
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
                        gatewayOwned,
                        openWithoutPolicies);
        getContent().setColspan(gatewayOwned, 2);
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
        adviseOnDns();
    }

    /**
     * Says that the gateway group named {@code group} sets the endpoint and gateway public key of the network shown,
     * in place of their inputs; null gives the inputs back (no group serves the network). The values shown are the
     * stored ones, which the spec from {@link #value()} carries unchanged.
     */
    void showGatewayGroup(@Nullable String group) {
        endpoint.setVisible(group == null);
        gatewayPublicKey.setVisible(group == null);
        gatewayOwned.setVisible(group != null);
        gatewayOwned.removeAll();
        if (group == null) {
            return;
        }
        var key = shown.gatewayPublicKey();
        var endpointText = new Paragraph(getTranslation("networks.form.endpoint.owned", shown.endpoint(), group));
        endpointText.setId("network-endpoint-owned");
        var keyText = new Paragraph(
                key == null || key.isBlank()
                        ? getTranslation("networks.form.gateway-public-key.owned-unknown", group)
                        : getTranslation("networks.form.gateway-public-key.owned", key, group));
        keyText.setId("network-key-owned");
        for (var text : List.of(endpointText, keyText)) {
            text.addClassNames(LumoUtility.Margin.Vertical.XSMALL, LumoUtility.TextColor.SECONDARY);
        }
        gatewayOwned.add(endpointText, keyText);
    }

    /** Shows the DNS warning while a DNS server of the fields' text is a gateway address or inside a pool. */
    private void adviseOnDns() {
        var spec = new NetworkSpec(
                "",
                ipv4Pool.getValue(),
                ipv6Pool.getValue(),
                NetworkSpec.listOf(gatewayAddresses.getValue()),
                NetworkSpec.listOf(dnsServers.getValue()),
                0,
                0,
                "",
                TunnelMode.SPLIT,
                List.of(),
                ApprovalMode.MANUAL,
                List.of(),
                0,
                null);
        dnsWarning.setVisible(!DnsAdvice.insideTunnel(spec).isEmpty());
    }

    NetworkSpec value() {
        try {
            // Binder writes only visible fields: hidden while a gateway group owns them, these keep what was shown.
            draft.endpoint = shown.endpoint();
            draft.gatewayPublicKey = shown.gatewayPublicKey();
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
