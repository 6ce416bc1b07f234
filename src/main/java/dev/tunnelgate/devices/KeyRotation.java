package dev.tunnelgate.devices;

import dev.tunnelgate.addressing.AddressAllocator;
import dev.tunnelgate.addressing.AddressPool;
import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.audit.AuditTarget;
import dev.tunnelgate.identity.CurrentUser;
import dev.tunnelgate.identity.UserDirectory;
import dev.tunnelgate.keys.PresharedKey;
import dev.tunnelgate.keys.WgKeyPair;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.policy.AccessGrants;
import dev.tunnelgate.secrets.SecretBox;
import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.Message;
import dev.tunnelgate.wgconfig.PrivateKeyEntry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * "Replace key" with overlap. WireGuard gives one address to one peer of an interface, so the new key gets addresses
 * and a preshared key of its own and works next to the old key: the gateways carry both peers until the new key's
 * first handshake or the end of the network's overlap window ({@link RotationCompletion} completes it). Only the
 * device's owner replaces its key: the new private key is the owner's to hold, so an admin could not use it anyway.
 */
@Service
@Transactional
@PreAuthorize("isAuthenticated()")
public class KeyRotation {
    private final DeviceRepository devices;
    private final DeviceKeys keys;
    private final NetworkService networks;
    private final AddressAllocator addresses;
    private final SecretBox secrets;
    private final AccessGrants grants;
    private final AuditLog audit;
    private final CurrentUser currentUser;
    private final UserDirectory users;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final SecureRandom random = new SecureRandom();

    KeyRotation(
            DeviceRepository devices,
            DeviceKeys keys,
            NetworkService networks,
            AddressAllocator addresses,
            SecretBox secrets,
            AccessGrants grants,
            AuditLog audit,
            CurrentUser currentUser,
            Clock clock,
            ApplicationEventPublisher events,
            UserDirectory users) {
        this.users = users;
        this.devices = devices;
        this.keys = keys;
        this.networks = networks;
        this.addresses = addresses;
        this.secrets = secrets;
        this.grants = grants;
        this.audit = audit;
        this.currentUser = currentUser;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Starts replacing the key of one of the signed-in user's active devices, with a key made by {@code method}
     * ({@code publicKey} for {@link KeyOrigin#USER} and {@link KeyOrigin#BROWSER}, ignored for
     * {@link KeyOrigin#SERVER}). Another user's device is "not found"; a device that is not active, or replaces its
     * key already, is a conflict; a key any device has or had, or a gateway's, is refused on the key field. The device
     * row is locked, so of two requests at once one starts and the other finds the rotation in progress. With a
     * server-made key the returned config holds the private key, shown once and stored nowhere.
     */
    public KeyReplacement start(long deviceId, KeyOrigin method, @Nullable String publicKey) {
        var userId = currentUser.require().userId();
        users.requireActive(userId);
        var device = devices.findForUpdate(deviceId)
                .filter(d -> d.ownerId() == userId)
                .orElseThrow(() -> new DeviceNotFoundException(deviceId));
        if (device.status() != DeviceStatus.ACTIVE) {
            throw new ConflictException(
                    Message.of("refusals.rotation." + device.status().name().toLowerCase(Locale.ROOT)));
        }
        if (device.rotating()) {
            throw new ConflictException(
                    Message.of("refusals.rotation.running", String.valueOf(device.rotationEndsAt())));
        }
        var network = networks.joinable(device.networkId()).settings();
        if (method != KeyOrigin.USER && network.gatewayPublicKey() == null) {
            throw new InvalidInputException(DeviceField.KEYS, Message.of("refusals.rotation.no-gateway"));
        }
        var keyPair = method == KeyOrigin.SERVER ? WgKeyPair.generate(random) : null;
        var newKey = keyPair != null ? keyPair.publicKey() : DeviceKeys.parse(publicKey);
        keys.requireUnused(newKey);
        var now = clock.instant();
        keys.register(newKey.toBase64(), deviceId, now);

        var holder = DeviceLeases.nextHolder(deviceId);
        var ipv4 = addresses
                .allocate(device.networkId(), pool(network.ipv4Pool(), network), holder)
                .address();
        var ipv6 = network.ipv6Pool() == null
                ? null
                : addresses
                        .allocate(device.networkId(), pool(network.ipv6Pool(), network), holder)
                        .address();
        var psk = PresharedKey.generate(random);
        // Both databases keep microseconds (and H2 rounds): the end read back must be the one handed out.
        var endsAt = now.plus(networks.lifecycle(device.networkId()).rotationOverlap())
                .truncatedTo(ChronoUnit.MICROS);
        device.startRotation(
                method,
                newKey.toBase64(),
                secrets.seal(psk.bytes(), DevicePsk.associatedData(deviceId)),
                ipv4,
                ipv6,
                now,
                endsAt);
        devices.flush();
        audit.record(
                currentUser.actor(),
                AuditAction.DEVICE_ROTATION_STARTED,
                AuditTarget.device(deviceId),
                "origin=%s oldKey=%s newKey=%s ipv4=%s ipv6=%s oldKeyWorksUntil=%s"
                        .formatted(method, device.publicKey(), newKey.toBase64(), ipv4, ipv6, endsAt));
        events.publishEvent(new DevicePeerChanged(deviceId, device.networkId(), newKey.toBase64(), true));

        var allowedIps = ClientAllowedIps.of(network, grants.grant(deviceId));
        var privateKey = keyPair != null ? PrivateKeyEntry.of(keyPair.privateKey()) : PrivateKeyEntry.placeholder();
        var config = DeviceConfigs.build(device.name(), ipv4, ipv6, network, allowedIps, privateKey, psk);
        if (config.text() != null) {
            devices.recordConfigAllowedIps(deviceId, ClientAllowedIps.stamp(allowedIps));
        }
        return new KeyReplacement(
                deviceId, device.name(), device.platform(), method, newKey.toBase64(), endsAt, config);
    }

    /**
     * The new key's config of one of the signed-in user's devices while it replaces its key, for a re-download: the
     * private key is a marked placeholder, as the server never keeps one. Without a rotation in progress there is no
     * such config ({@code text} null, with the reason).
     */
    public DeviceConfig nextConfig(long deviceId) {
        var userId = currentUser.require().userId();
        users.requireActive(userId);
        var device = devices.findById(deviceId)
                .filter(d -> d.ownerId() == userId)
                .orElseThrow(() -> new DeviceNotFoundException(deviceId));
        var nextPsk = device.nextPresharedKey();
        var nextIpv4 = device.nextIpv4Address();
        if (device.status() != DeviceStatus.ACTIVE || nextPsk == null || nextIpv4 == null) {
            return new DeviceConfig(
                    "none.conf", null, "This device is not replacing its key: its config is under \"Config\"", false);
        }
        var network = networks.joinable(device.networkId()).settings();
        var psk = new PresharedKey(secrets.open(nextPsk, DevicePsk.associatedData(deviceId)));
        var allowedIps = ClientAllowedIps.of(network, grants.grant(deviceId));
        var config = DeviceConfigs.build(
                device.name(),
                nextIpv4,
                device.nextIpv6Address(),
                network,
                allowedIps,
                PrivateKeyEntry.placeholder(),
                psk);
        if (config.text() != null) {
            devices.recordConfigAllowedIps(deviceId, ClientAllowedIps.stamp(allowedIps));
        }
        return config;
    }

    private static AddressPool pool(
            dev.tunnelgate.ip.IpPrefix prefix, dev.tunnelgate.networks.NetworkSettings settings) {
        return AddressPool.of(prefix, settings.gatewayAddressesIn(prefix));
    }
}
