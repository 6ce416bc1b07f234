package dev.tunnelgate.devices;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.keys.PresharedKey;
import dev.tunnelgate.networks.NetworkSettings;
import dev.tunnelgate.wgconfig.ClientConfig;
import dev.tunnelgate.wgconfig.ConfigFileName;
import dev.tunnelgate.wgconfig.InterfaceSection;
import dev.tunnelgate.wgconfig.PeerSection;
import dev.tunnelgate.wgconfig.PrivateKeyEntry;
import dev.tunnelgate.wgconfig.WgConfigRenderer;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Renders a device's client config from the typed model: nothing user-supplied is pasted into text. */
final class DeviceConfigs {
    static final String NO_GATEWAY = "This network has no gateway yet, so there is no config to download. "
            + "An admin sets the gateway's public key on the network.";

    private DeviceConfigs() {}

    /** {@code allowedIps}: see {@link ClientAllowedIps#of}. */
    static DeviceConfig build(
            Device device,
            NetworkSettings network,
            List<IpPrefix> allowedIps,
            PrivateKeyEntry privateKey,
            PresharedKey psk) {
        return build(device.name(), device.ipv4Address(), device.ipv6Address(), network, allowedIps, privateKey, psk);
    }

    /** The config of one key of the device named {@code name}: the current key's, or a rotation's new key's. */
    static DeviceConfig build(
            String name,
            String ipv4Address,
            @Nullable String ipv6Address,
            NetworkSettings network,
            List<IpPrefix> allowedIps,
            PrivateKeyEntry privateKey,
            PresharedKey psk) {
        var fileName = ConfigFileName.forDevice(name);
        var gatewayKey = network.gatewayPublicKey();
        if (gatewayKey == null) {
            return new DeviceConfig(fileName, null, NO_GATEWAY, false);
        }
        var addresses = new ArrayList<IpPrefix>();
        addresses.add(IpPrefix.parse(ipv4Address + "/32"));
        if (ipv6Address != null) {
            addresses.add(IpPrefix.parse(ipv6Address + "/128"));
        }
        var iface = new InterfaceSection(privateKey, addresses, network.dnsServers(), List.of(), network.mtu());
        var keepalive = network.persistentKeepalive() == 0 ? null : network.persistentKeepalive();
        var peer = new PeerSection(gatewayKey, psk, allowedIps, network.endpoint(), keepalive);
        var text = WgConfigRenderer.render(new ClientConfig(name, iface, List.of(peer)));
        return new DeviceConfig(fileName, text, null, privateKey instanceof PrivateKeyEntry.Included);
    }
}
