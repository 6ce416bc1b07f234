package dev.tunnelgate.wgconfig;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.keys.PresharedKey;
import dev.tunnelgate.keys.WgKey;
import java.util.HashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A {@code [Peer]} section of a client config: for Tunnelgate, a gateway (group) the device talks to. */
public record PeerSection(
        WgKey publicKey,
        @Nullable PresharedKey presharedKey,
        List<IpPrefix> allowedIps,
        @Nullable Endpoint endpoint,
        @Nullable Integer persistentKeepalive) {

    public PeerSection {
        allowedIps = List.copyOf(allowedIps);
        if (allowedIps.isEmpty()) {
            throw new InvalidConfigException("[Peer] needs at least one AllowedIPs entry");
        }
        for (IpPrefix allowed : allowedIps) {
            // wg would silently mask the host bits; an explicit network avoids surprising routes.
            if (!allowed.isNetwork()) {
                throw new InvalidConfigException("AllowedIPs entry %s has host bits set; did you mean %s?"
                        .formatted(allowed, allowed.network()));
            }
        }
        if (new HashSet<>(allowedIps).size() != allowedIps.size()) {
            throw new InvalidConfigException("[Peer] lists the same AllowedIPs entry twice");
        }
        if (persistentKeepalive != null && (persistentKeepalive < 0 || persistentKeepalive > 65535)) {
            throw new InvalidConfigException(
                    "PersistentKeepalive must be between 0 and 65535 seconds, got " + persistentKeepalive);
        }
    }
}
