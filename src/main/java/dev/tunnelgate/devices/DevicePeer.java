package dev.tunnelgate.devices;

import dev.tunnelgate.protocol.PeerSpec;
import java.util.ArrayList;
import org.jspecify.annotations.Nullable;

/** A device as a gateway sees it: a peer with its preshared key and its own addresses as allowed IPs. */
public record DevicePeer(
        long deviceId,
        long networkId,
        String publicKey,
        String presharedKey,
        String ipv4Address,
        @Nullable String ipv6Address,
        DeviceStatus status) {
    public PeerSpec spec() {
        var allowed = new ArrayList<String>();
        allowed.add(ipv4Address + "/32");
        if (ipv6Address != null) {
            allowed.add(ipv6Address + "/128");
        }
        return new PeerSpec(publicKey, presharedKey, allowed);
    }

    @Override
    public String toString() {
        return "DevicePeer[deviceId=" + deviceId + ", publicKey=" + publicKey + ", status=" + status + "]";
    }
}
