package dev.tunnelgate.wgconfig;

import dev.tunnelgate.keys.WgKey;
import dev.tunnelgate.text.SafeText;
import java.util.HashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A complete WireGuard client config. The optional device name is rendered as a comment, so it is
 * checked here with {@link SafeText} and can never break out of its line.
 */
public record ClientConfig(@Nullable String deviceName, InterfaceSection iface, List<PeerSection> peers) {
    public static final String DEVICE_NAME_LABEL = "Device name";
    public static final int DEVICE_NAME_MAX_LENGTH = 64;

    public ClientConfig {
        if (deviceName != null) {
            deviceName = SafeText.clean(deviceName, DEVICE_NAME_LABEL, 1, DEVICE_NAME_MAX_LENGTH);
        }
        peers = List.copyOf(peers);
        if (peers.isEmpty()) {
            throw new InvalidConfigException("A client config needs at least one [Peer]");
        }
        List<WgKey> keys = peers.stream().map(PeerSection::publicKey).toList();
        if (new HashSet<>(keys).size() != keys.size()) {
            throw new InvalidConfigException("Two [Peer] sections have the same PublicKey");
        }
    }

    public ClientConfig(InterfaceSection iface, List<PeerSection> peers) {
        this(null, iface, peers);
    }
}
