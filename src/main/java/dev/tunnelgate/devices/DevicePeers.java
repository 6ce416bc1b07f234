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
 * decides it in the caller's transaction, so callers flush their JPA changes first. A device replacing its key is two
 * peers with the same grant until the rotation completes: the old key with its addresses, the new key with its own.
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
                .flatMap(d -> peers(d, granted.get(d.id())).stream())
                .toList();
    }

    /** The device with this public key (current or next) in one of these networks, whatever its status. */
    public Optional<DevicePeer> byPublicKey(String publicKey, Collection<Long> networkIds) {
        return devices.findByAnyKey(publicKey)
                .filter(d -> networkIds.contains(d.networkId()))
                .flatMap(d -> peers(d, grants.grant(d.id())).stream()
                        .filter(p -> p.publicKey().equals(publicKey))
                        .findFirst());
    }

    /**
     * The devices' peers with these public keys (current or next) in these networks, whatever their status; unknown
     * keys, and a device's other key, are left out.
     */
    public List<DevicePeer> byPublicKeys(Collection<String> publicKeys, Collection<Long> networkIds) {
        if (publicKeys.isEmpty() || networkIds.isEmpty()) {
            return List.of();
        }
        var found = new java.util.ArrayList<Device>();
        for (var chunk : chunks(List.copyOf(publicKeys))) {
            found.addAll(devices.findByAnyKeyIn(chunk, networkIds));
        }
        var wanted = Set.copyOf(publicKeys);
        return withGrants(found.stream().distinct().toList()).stream()
                .filter(p -> wanted.contains(p.publicKey()))
                .toList();
    }

    /** These devices' peers (two for a device replacing its key), whatever their status; unknown ids are left out. */
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

    /** Which of these keys never belonged to a device of these networks (current, next or replaced keys did). */
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
        return found.stream()
                .flatMap(d -> peers(d, granted.get(d.id())).stream())
                .toList();
    }

    private List<DevicePeer> peers(Device device, @Nullable Grant grant) {
        var current = peer(
                device, device.publicKey(), device.presharedKey(), device.ipv4Address(), device.ipv6Address(), grant);
        var nextKey = device.nextPublicKey();
        var nextPsk = device.nextPresharedKey();
        var nextIpv4 = device.nextIpv4Address();
        if (nextKey == null || nextPsk == null || nextIpv4 == null) {
            return List.of(current);
        }
        return List.of(current, peer(device, nextKey, nextPsk, nextIpv4, device.nextIpv6Address(), grant));
    }

    private DevicePeer peer(
            Device device,
            String publicKey,
            String sealedPsk,
            String ipv4,
            @Nullable String ipv6,
            @Nullable Grant grant) {
        var psk = new PresharedKey(secrets.open(sealedPsk, DevicePsk.associatedData(device.id())));
        return new DevicePeer(
                device.id(), device.networkId(), publicKey, psk.toBase64(), ipv4, ipv6, device.status(), grant);
    }

    private static List<List<String>> chunks(List<String> keys) {
        int size = 1000;
        return java.util.stream.IntStream.range(0, (keys.size() + size - 1) / size)
                .mapToObj(i -> keys.subList(i * size, Math.min(keys.size(), (i + 1) * size)))
                .toList();
    }
}
