package dev.tunnelgate.devices;

import dev.tunnelgate.keys.PresharedKey;
import dev.tunnelgate.policy.AccessGrants;
import dev.tunnelgate.protocol.Grant;
import dev.tunnelgate.secrets.SecretBox;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Devices as gateway peers, for the gateway side of the portal. Not for views: it opens preshared keys and
 * checks no user, because its callers are gateway agents (authenticated by their own credential) and the
 * services that compute a gateway group's desired state. Each peer carries its grant as {@link AccessGrants}
 * decides it in the caller's transaction, so callers flush their JPA changes first.
 */
@Component
@Transactional(readOnly = true)
public class DevicePeers {
    private final DeviceRepository devices;
    private final SecretBox secrets;
    private final AccessGrants grants;

    DevicePeers(DeviceRepository devices, SecretBox secrets, AccessGrants grants) {
        this.devices = devices;
        this.secrets = secrets;
        this.grants = grants;
    }

    /** Every active device of these networks. */
    public List<DevicePeer> active(Collection<Long> networkIds) {
        if (networkIds.isEmpty()) {
            return List.of();
        }
        var granted = grants.activeDevices(networkIds);
        return devices.findByNetworkIdInAndStatus(networkIds, DeviceStatus.ACTIVE).stream()
                .map(d -> peer(d, granted.get(d.id())))
                .toList();
    }

    /** The device with this public key in one of these networks, whatever its status. */
    public Optional<DevicePeer> byPublicKey(String publicKey, Collection<Long> networkIds) {
        return devices.findByPublicKey(publicKey)
                .filter(d -> networkIds.contains(d.networkId()))
                .map(d -> peer(d, grants.grant(d.id())));
    }

    /** The devices with these public keys in these networks, whatever their status; unknown keys are left out. */
    public List<DevicePeer> byPublicKeys(Collection<String> publicKeys, Collection<Long> networkIds) {
        if (publicKeys.isEmpty() || networkIds.isEmpty()) {
            return List.of();
        }
        var found = new java.util.ArrayList<Device>();
        for (var chunk : chunks(List.copyOf(publicKeys))) {
            found.addAll(devices.findByPublicKeyInAndNetworkIdIn(chunk, networkIds));
        }
        return withGrants(found);
    }

    /** These devices, whatever their status; unknown ids are left out. */
    public List<DevicePeer> byIds(Collection<Long> deviceIds) {
        return deviceIds.isEmpty() ? List.of() : withGrants(devices.findAllById(deviceIds));
    }

    /**
     * The device of each of these keys in these networks: its current key, or the new key of a rotation in progress.
     * Unknown keys are left out. Reads the keys of every device of the networks in one query and no preshared key:
     * made for a report that names all of a gateway's peers.
     */
    public Map<String, Long> deviceIds(Collection<String> publicKeys, Collection<Long> networkIds) {
        var ids = new java.util.HashMap<String, Long>();
        if (publicKeys.isEmpty() || networkIds.isEmpty()) {
            return ids;
        }
        var wanted = new HashSet<>(publicKeys);
        for (var row : devices.findKeysByNetworkIdIn(networkIds)) {
            var deviceId = (Long) row[2];
            if (wanted.contains((String) row[0])) {
                ids.put((String) row[0], deviceId);
            }
            if (row[1] != null && wanted.contains((String) row[1])) {
                ids.putIfAbsent((String) row[1], deviceId);
            }
        }
        return ids;
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

    private List<DevicePeer> withGrants(List<Device> found) {
        Map<Long, Grant> granted = grants.grants(found.stream()
                .map(d -> new AccessGrants.DeviceRef(d.id(), d.ownerId(), d.networkId()))
                .toList());
        return found.stream().map(d -> peer(d, granted.get(d.id()))).toList();
    }

    private DevicePeer peer(Device device, @Nullable Grant grant) {
        var psk = new PresharedKey(secrets.open(device.presharedKey(), DevicePsk.associatedData(device.id())));
        return new DevicePeer(
                device.id(),
                device.networkId(),
                device.publicKey(),
                psk.toBase64(),
                device.ipv4Address(),
                device.ipv6Address(),
                device.status(),
                grant);
    }

    private static List<List<String>> chunks(List<String> keys) {
        int size = 1000;
        return java.util.stream.IntStream.range(0, (keys.size() + size - 1) / size)
                .mapToObj(i -> keys.subList(i * size, Math.min(keys.size(), (i + 1) * size)))
                .toList();
    }
}
