package dev.tunnelgate.networks;

import dev.tunnelgate.ip.IpPrefix;
import inet.ipaddr.IPAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A network's settings as the admin form sends them: text, lists free text (comma or line separated).
 * {@link NetworkValidator#validate} turns them into {@link NetworkSettings}, or says which field is wrong.
 */
public record NetworkSpec(
        String name,
        String ipv4Pool,
        @Nullable String ipv6Pool,
        List<String> gatewayAddresses,
        List<String> dnsServers,
        int mtu,
        int persistentKeepalive,
        String endpoint,
        TunnelMode tunnelMode,
        List<String> allowedIps,
        ApprovalMode approvalMode,
        List<String> autoApproveGroups,
        int devicesPerUser,
        @Nullable String gatewayPublicKey,
        boolean openWithoutPolicies) {
    public static final int NAME_MAX = 64;
    public static final int DEFAULT_MTU = 1420;
    public static final int DEFAULT_KEEPALIVE = 25;

    public NetworkSpec {
        gatewayAddresses = List.copyOf(gatewayAddresses);
        dnsServers = List.copyOf(dnsServers);
        allowedIps = List.copyOf(allowedIps);
        autoApproveGroups = List.copyOf(autoApproveGroups);
    }

    /** A network that, like every new one, lets devices reach only what policies grant them. */
    public NetworkSpec(
            String name,
            String ipv4Pool,
            @Nullable String ipv6Pool,
            List<String> gatewayAddresses,
            List<String> dnsServers,
            int mtu,
            int persistentKeepalive,
            String endpoint,
            TunnelMode tunnelMode,
            List<String> allowedIps,
            ApprovalMode approvalMode,
            List<String> autoApproveGroups,
            int devicesPerUser,
            @Nullable String gatewayPublicKey) {
        this(
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
                false);
    }

    /**
     * Checks every field as {@link NetworkService} does before it saves (not whether the name is taken), and saves
     * nothing: the typed settings, or {@link dev.tunnelgate.text.InvalidInputException} naming the field.
     */
    public NetworkSettings validate() {
        return NetworkValidator.validate(this);
    }

    /** The form's text for stored settings, to edit them. */
    public static NetworkSpec of(NetworkSettings settings) {
        var ipv6Pool = settings.ipv6Pool();
        var key = settings.gatewayPublicKey();
        return new NetworkSpec(
                settings.name(),
                settings.ipv4Pool().toString(),
                ipv6Pool == null ? null : ipv6Pool.toString(),
                texts(settings.gatewayAddresses()),
                texts(settings.dnsServers()),
                settings.mtu(),
                settings.persistentKeepalive(),
                settings.endpoint().toString(),
                settings.tunnelMode(),
                settings.allowedIps().stream().map(IpPrefix::toString).toList(),
                settings.approvalMode(),
                settings.autoApproveGroups(),
                settings.devicesPerUser(),
                key == null ? null : key.toBase64(),
                settings.openWithoutPolicies());
    }

    /** Splits a form's list text at commas, white space and line breaks. */
    public static List<String> listOf(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return List.of(text.strip().split("[,\\s]+"));
    }

    private static List<String> texts(List<IPAddress> addresses) {
        return addresses.stream().map(IPAddress::toCanonicalString).toList();
    }
}
