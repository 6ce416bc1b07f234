package dev.tunnelgate.devices;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.ip.IpPrefixes;
import dev.tunnelgate.networks.NetworkSettings;
import dev.tunnelgate.networks.TunnelMode;
import dev.tunnelgate.protocol.Grant;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What a device's client routes into the tunnel. A split tunnel routes the gateway's own tunnel addresses and what
 * the device may reach, so that nothing it may not reach leaves the device through the tunnel; a full tunnel routes
 * everything (the gateway still enforces the grant).
 */
public final class ClientAllowedIps {
    /** The longest stamp stored as text (the column holds 4000); longer ones are stored as a digest. */
    static final int MAX_STAMP_TEXT = 3900;

    private ClientAllowedIps() {}

    /** The AllowedIPs of a device of {@code network} that may reach {@code grant} (null: nothing). */
    public static List<IpPrefix> of(NetworkSettings network, @Nullable Grant grant) {
        if (network.tunnelMode() == TunnelMode.FULL) {
            return network.clientAllowedIps();
        }
        var prefixes = new ArrayList<IpPrefix>();
        network.gatewayAddresses().forEach(address -> prefixes.add(IpPrefix.host(address)));
        if (grant != null) {
            prefixes.addAll(grant.prefixes());
        }
        if (prefixes.isEmpty()) {
            // No gateway address and nothing granted: a config needs some AllowedIPs, and the tunnel's own pools
            // lead nowhere else (the gateway drops what no grant allows).
            prefixes.addAll(network.pools());
        }
        return IpPrefixes.aggregate(prefixes);
    }

    /**
     * A canonical record of AllowedIPs (aggregated, comma-separated; a digest past {@value #MAX_STAMP_TEXT}
     * characters), so two configs with the same routes compare equal however their prefixes were written.
     */
    static String stamp(List<IpPrefix> allowedIps) {
        String text = IpPrefixes.aggregate(allowedIps).stream()
                .map(IpPrefix::toString)
                .collect(Collectors.joining(","));
        if (text.length() <= MAX_STAMP_TEXT) {
            return text;
        }
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256")
                                    .digest(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * The stamp of the config a device was last handed: {@code recorded}, or for a config handed out before access
     * policies (null) the network's client AllowedIPs of that time, which were the same for every device.
     */
    static String handedOut(@Nullable String recorded, NetworkSettings network) {
        return recorded != null ? recorded : stamp(network.clientAllowedIps());
    }
}
