package dev.tunnelgate.devices;

import dev.tunnelgate.protocol.Grant;
import dev.tunnelgate.protocol.PeerSpec;
import java.util.ArrayList;
import org.jspecify.annotations.Nullable;

/**
 * A device as a gateway sees it: a peer with its preshared key, its own addresses as allowed IPs, and what it may
 * reach through the gateway ({@code grant}, null: nothing).
 */
public record DevicePeer(
        long deviceId,
        long networkId,
        String publicKey,
        String presharedKey,
        String ipv4Address,
        @Nullable String ipv6Address,
        DeviceStatus status,
        @Nullable Grant grant) {
    public PeerSpec spec() {
        var allowed = new ArrayList<String>();
        allowed.add(ipv4Address + "/32");
        if (ipv6Address != null) {
            allowed.add(ipv6Address + "/128");
        }
        return new PeerSpec(publicKey, presharedKey, allowed, grant == null ? null : grant.key());
    }

    @Override
    public String toString() {
        return "DevicePeer[deviceId=" + deviceId + ", publicKey=" + publicKey + ", status=" + status + "]";
    }
}
