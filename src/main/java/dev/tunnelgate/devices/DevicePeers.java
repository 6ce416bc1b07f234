package dev.tunnelgate.devices;

import dev.tunnelgate.keys.PresharedKey;
import dev.tunnelgate.secrets.SecretBox;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Devices as gateway peers, for the gateway side of the portal. Not for views: it opens preshared keys and
 * checks no user, because its callers are gateway agents (authenticated by their own credential) and the
 * services that compute a gateway group's desired state.
 */
@Component
@Transactional(readOnly = true)
public class DevicePeers {
    private final DeviceRepository devices;
    private final SecretBox secrets;

    DevicePeers(DeviceRepository devices, SecretBox secrets) {
        this.devices = devices;
        this.secrets = secrets;
    }

    /** Every active device of these networks. */
    public List<DevicePeer> active(Collection<Long> networkIds) {
        if (networkIds.isEmpty()) {
            return List.of();
        }
        return devices.findByNetworkIdInAndStatus(networkIds, DeviceStatus.ACTIVE).stream()
                .map(this::peer)
                .toList();
    }

    /** The device with this public key in one of these networks, whatever its status. */
    public Optional<DevicePeer> byPublicKey(String publicKey, Collection<Long> networkIds) {
        return devices.findByPublicKey(publicKey)
                .filter(d -> networkIds.contains(d.networkId()))
                .map(this::peer);
    }

    /** Which of these keys never belonged to a device of these networks. */
    public Set<String> unknown(Collection<String> publicKeys, Collection<Long> networkIds) {
        var unknown = new HashSet<>(publicKeys);
        if (!unknown.isEmpty() && !networkIds.isEmpty()) {
            for (var chunk : chunks(List.copyOf(unknown))) {
                devices.findKnownKeys(chunk, networkIds).forEach(unknown::remove);
            }
        }
        return unknown;
    }

    private DevicePeer peer(Device device) {
        var psk = new PresharedKey(secrets.open(device.presharedKey(), DevicePsk.associatedData(device.id())));
        return new DevicePeer(
                device.id(),
                device.networkId(),
                device.publicKey(),
                psk.toBase64(),
                device.ipv4Address(),
                device.ipv6Address(),
                device.status());
    }

    private static List<List<String>> chunks(List<String> keys) {
        int size = 1000;
        return java.util.stream.IntStream.range(0, (keys.size() + size - 1) / size)
                .mapToObj(i -> keys.subList(i * size, Math.min(keys.size(), (i + 1) * size)))
                .toList();
    }
}
