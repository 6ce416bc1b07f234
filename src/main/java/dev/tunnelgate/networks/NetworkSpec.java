package dev.tunnelgate.networks;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A network's settings. As the admin form sends it, lists are free text (comma or line
 * separated); {@link NetworkValidator#validate} returns the canonical form that is stored.
 */
public record NetworkSpec(String name, String ipv4Pool, @Nullable String ipv6Pool, List<String> gatewayAddresses,
        List<String> dnsServers, int mtu, int persistentKeepalive, String endpoint, TunnelMode tunnelMode,
        List<String> allowedIps, ApprovalMode approvalMode, List<String> autoApproveGroups, int devicesPerUser,
        @Nullable String gatewayPublicKey) {
    public static final int NAME_MAX = 64;
    public static final int DEFAULT_MTU = 1420;
    public static final int DEFAULT_KEEPALIVE = 25;

    public NetworkSpec {
        gatewayAddresses = List.copyOf(gatewayAddresses);
        dnsServers = List.copyOf(dnsServers);
        allowedIps = List.copyOf(allowedIps);
        autoApproveGroups = List.copyOf(autoApproveGroups);
    }

    /** Splits a form's list text at commas, white space and line breaks. */
    public static List<String> listOf(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return List.of(text.strip().split("[,\\s]+"));
    }
}
