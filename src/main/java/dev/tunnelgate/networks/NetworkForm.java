package dev.tunnelgate.networks;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.tunnelgate.ui.Feedback;
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
    }

    void setValue(NetworkSpec spec) {
        name.setValue(spec.name());
        ipv4Pool.setValue(spec.ipv4Pool());
        ipv6Pool.setValue(spec.ipv6Pool() == null ? "" : spec.ipv6Pool());
        gatewayAddresses.setValue(String.join("\n", spec.gatewayAddresses()));
        dnsServers.setValue(String.join("\n", spec.dnsServers()));
        mtu.setValue(spec.mtu());
        persistentKeepalive.setValue(spec.persistentKeepalive());
        endpoint.setValue(spec.endpoint());
        tunnelMode.setValue(spec.tunnelMode());
        allowedIps.setValue(String.join("\n", spec.allowedIps()));
        approvalMode.setValue(spec.approvalMode());
        autoApproveGroups.setValue(String.join("\n", spec.autoApproveGroups()));
        devicesPerUser.setValue(spec.devicesPerUser());
        gatewayPublicKey.setValue(spec.gatewayPublicKey() == null ? "" : spec.gatewayPublicKey());
        openWithoutPolicies.setValue(spec.openWithoutPolicies());
    }

    NetworkSpec value() {
        return new NetworkSpec(
                name.getValue(),
                ipv4Pool.getValue(),
                ipv6Pool.getValue(),
                NetworkSpec.listOf(gatewayAddresses.getValue()),
                NetworkSpec.listOf(dnsServers.getValue()),
                orZero(mtu.getValue()),
                orZero(persistentKeepalive.getValue()),
                endpoint.getValue(),
                tunnelMode.getValue() == null ? TunnelMode.SPLIT : tunnelMode.getValue(),
                NetworkSpec.listOf(allowedIps.getValue()),
                approvalMode.getValue() == null ? ApprovalMode.MANUAL : approvalMode.getValue(),
                NetworkSpec.listOf(autoApproveGroups.getValue()),
                orZero(devicesPerUser.getValue()),
                gatewayPublicKey.getValue(),
                openWithoutPolicies.getValue());
    }

    /** Puts a refusal on the field it names, or shows it as a notification. */
    void showError(RuntimeException error) {
        feedback.show(error);
    }

    private static int orZero(@Nullable Integer value) {
        return value == null ? 0 : value;
    }
}
