package dev.tunnelgate.wgconfig;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.keys.PresharedKey;
import dev.tunnelgate.keys.WgKey;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

final class PeerBuilder implements SectionBuilder {
    private final int index;
    private @Nullable WgKey publicKey;
    private @Nullable PresharedKey presharedKey;
    private final List<IpPrefix> allowedIps = new ArrayList<>();
    private @Nullable Endpoint endpoint;
    private @Nullable Integer persistentKeepalive;

    PeerBuilder(int index) {
        this.index = index;
    }

    @Override
    public boolean accept(String key, String value) {
        switch (key) {
            case "publickey" -> publicKey = WgConfigParser.once(publicKey, WgKey.parsePublic(value), "PublicKey");
            case "presharedkey" ->
                presharedKey = WgConfigParser.once(presharedKey, PresharedKey.parse(value), "PresharedKey");
            case "allowedips" ->
                WgConfigParser.splitList(value, "AllowedIPs").forEach(a -> allowedIps.add(IpPrefix.parse(a)));
            case "endpoint" -> endpoint = WgConfigParser.once(endpoint, Endpoint.parse(value), "Endpoint");
            case "persistentkeepalive" ->
                persistentKeepalive = WgConfigParser.once(
                        persistentKeepalive, Numbers.parse(value, "PersistentKeepalive"), "PersistentKeepalive");
            default -> {
                return false;
            }
        }
        return true;
    }

    @Override
    public String name() {
        return "[Peer]";
    }

    PeerSection build() {
        if (publicKey == null) {
            throw new InvalidConfigException("[Peer] number %d has no PublicKey".formatted(index));
        }
        try {
            return new PeerSection(publicKey, presharedKey, allowedIps, endpoint, persistentKeepalive);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("[Peer] number %d: %s".formatted(index, e.getMessage()), e);
        }
    }
}
