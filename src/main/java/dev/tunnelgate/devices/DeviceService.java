package dev.tunnelgate.devices;

import dev.tunnelgate.addressing.AddressAllocator;
import dev.tunnelgate.addressing.AddressPool;
import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.audit.AuditTarget;
import dev.tunnelgate.identity.CurrentUser;
import dev.tunnelgate.identity.PortalUser;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.UserDirectory;
import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.keys.PresharedKey;
import dev.tunnelgate.keys.WgKeyPair;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.NetworkRow;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.networks.NetworkSettings;
import dev.tunnelgate.persistence.UniqueNames;
import dev.tunnelgate.policy.AccessGrants;
import dev.tunnelgate.secrets.SecretBox;
import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.Message;
import dev.tunnelgate.text.SafeText;
import dev.tunnelgate.wgconfig.PrivateKeyEntry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.SliceImpl;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Enrollment and the lifecycle of devices. Every method checks who is asking: users reach only
 * their own devices (anyone else's is "not found"), approvers decide others' pending devices.
 */
@Service
@Transactional
@PreAuthorize("isAuthenticated()")
public class DeviceService {
    private static final EnumSet<DeviceStatus> COUNTED = EnumSet.of(DeviceStatus.PENDING, DeviceStatus.ACTIVE);

    private final DeviceRepository devices;
    private final NetworkService networks;
    private final UserDirectory users;
    private final AddressAllocator addresses;
    private final SecretBox secrets;
    private final AuditLog audit;
    private final CurrentUser currentUser;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final ObjectProvider<DeliveryStatus> delivery;
    private final AccessGrants grants;
    private final DeviceRevoker revoker;
    private final DeviceKeys keys;
    private final SecureRandom random = new SecureRandom();

    DeviceService(
            DeviceRepository devices,
            NetworkService networks,
            UserDirectory users,
            AddressAllocator addresses,
            SecretBox secrets,
            AuditLog audit,
            CurrentUser currentUser,
            Clock clock,
            ApplicationEventPublisher events,
            ObjectProvider<DeliveryStatus> delivery,
            AccessGrants grants,
            DeviceRevoker revoker,
            DeviceKeys keys) {
        this.devices = devices;
        this.networks = networks;
        this.users = users;
        this.addresses = addresses;
        this.secrets = secrets;
        this.audit = audit;
        this.currentUser = currentUser;
        this.clock = clock;
        this.events = events;
        this.delivery = delivery;
        this.grants = grants;
        this.revoker = revoker;
        this.keys = keys;
    }

    /**
     * Enrolls a device for the signed-in user. Invalid input throws {@link InvalidInputException}
     * naming the field, and nothing is saved. With server-side keys, the returned config holds the
     * private key: it is not stored anywhere and cannot be shown again. Keys made for the user (on
     * the server or in the browser) need the network's gateway key, which the config must name.
     */
    public Enrollment enroll(EnrollmentRequest request) {
        var user = currentUser.require();
        var name = SafeText.clean(request.name(), DeviceField.NAME, 1, Device.NAME_MAX_LENGTH);
        var network = networks.joinable(request.networkId());
        var spec = network.settings();
        if (request.keyMethod() != KeyOrigin.USER && spec.gatewayPublicKey() == null) {
            // The config with the new private key is shown once, and without the gateway's key there is none.
            throw new InvalidInputException(DeviceField.KEYS, Message.of("refusals.device.no-gateway"));
        }
        // One request of this user at a time from here, so that the name and limit checks stay true until the insert.
        users.lockForUpdate(user.userId());
        // Under the lock an offboarding takes too: it came first (refused here) or waits and revokes this device.
        users.requireActive(user.userId());
        if (devices.existsByOwnerIdAndNameKey(user.userId(), UniqueNames.key(name))) {
            throw duplicateName(name);
        }
        if (devices.countByOwnerIdAndNetworkIdAndStatusIn(user.userId(), network.id(), COUNTED)
                >= spec.devicesPerUser()) {
            throw new ConflictException(
                    DeviceField.NETWORK, Message.of("refusals.device.limit", spec.devicesPerUser()));
        }
        var now = clock.instant();
        var expiresAt = DeviceExpiry.at(now, request.expiresInDays(), networks.lifecycle(network.id()));
        var keyPair = request.keyMethod() == KeyOrigin.SERVER ? WgKeyPair.generate(random) : null;
        var publicKey = keyPair != null ? keyPair.publicKey() : DeviceKeys.parse(request.publicKey());
        keys.requireUnused(publicKey);

        Device device;
        try {
            device = devices.saveAndFlush(new Device(
                    user.userId(),
                    network.id(),
                    name,
                    request.platform(),
                    request.keyMethod(),
                    publicKey.toBase64(),
                    now,
                    expiresAt));
        } catch (DataIntegrityViolationException e) {
            throw refusal(e, name);
        }
        keys.register(publicKey.toBase64(), device.id(), now);
        var holder = DeviceLeases.holder(device.id());
        var ipv4 = addresses
                .allocate(network.id(), pool(spec.ipv4Pool(), spec), holder)
                .address();
        var ipv6 = spec.ipv6Pool() == null
                ? null
                : addresses
                        .allocate(network.id(), pool(spec.ipv6Pool(), spec), holder)
                        .address();
        var psk = PresharedKey.generate(random);
        device.assign(secrets.seal(psk.bytes(), associatedData(device)), ipv4, ipv6);
        audit.record(
                currentUser.actor(),
                AuditAction.DEVICE_CREATED,
                AuditTarget.device(device.id()),
                "name=%s network=%s origin=%s publicKey=%s ipv4=%s ipv6=%s%s"
                        .formatted(
                                name,
                                spec.name(),
                                request.keyMethod(),
                                publicKey.toBase64(),
                                ipv4,
                                ipv6,
                                expiresAt == null ? "" : " expires=" + expiresAt));

        var explanation = decideOnEnrollment(device, spec, user);
        devices.flush();
        events.publishEvent(new DeviceEnrolled(device.id(), network.id()));
        var privateKey = keyPair != null ? PrivateKeyEntry.of(keyPair.privateKey()) : PrivateKeyEntry.placeholder();
        return new Enrollment(rows(List.of(device)).getFirst(), explanation, handOut(device, spec, privateKey, psk));
    }

    /** The signed-in user's devices, newest first. */
    @Transactional(readOnly = true)
    public Slice<DeviceRow> myDevices(Pageable pageable) {
        var slice = devices.findByOwnerIdOrderByCreatedAtDescIdDesc(
                currentUser.require().userId(), pageable);
        return new SliceImpl<>(rows(slice.getContent()), pageable, slice.hasNext());
    }

    /** The signed-in user's devices, newest first; revoked and rejected ones only {@code withEnded}. */
    @Transactional(readOnly = true)
    public Slice<DeviceRow> myDevices(Pageable pageable, boolean withEnded) {
        if (withEnded) {
            return myDevices(pageable);
        }
        var slice = devices.findByOwnerIdAndStatusInOrderByCreatedAtDescIdDesc(
                currentUser.require().userId(), MyDeviceCounts.CURRENT, pageable);
        return new SliceImpl<>(rows(slice.getContent()), pageable, slice.hasNext());
    }

    /** How many devices the signed-in user has that can connect, and how many were revoked or rejected. */
    @Transactional(readOnly = true)
    public MyDeviceCounts myDeviceCounts() {
        long current = 0;
        long ended = 0;
        for (var row : devices.countByStatusOfOwner(currentUser.require().userId())) {
            if (MyDeviceCounts.CURRENT.contains((DeviceStatus) row[0])) {
                current += ((Number) row[1]).longValue();
            } else {
                ended += ((Number) row[1]).longValue();
            }
        }
        return new MyDeviceCounts(current, ended);
    }

    /**
     * The config of one of the user's own devices. The server never had (or no longer has) the
     * private key, so the config carries a clearly marked placeholder for it. Its AllowedIPs follow the device's
     * current access, and are recorded as the ones the owner has now (see {@link #outdatedConfigs}).
     */
    public DeviceConfig config(long deviceId) {
        var device = own(deviceId);
        var psk = new PresharedKey(secrets.open(device.presharedKey(), associatedData(device)));
        return handOut(device, networks.joinable(device.networkId()).settings(), PrivateKeyEntry.placeholder(), psk);
    }

    /**
     * Which of these devices of the signed-in user have a config whose AllowedIPs differ from what the device
     * routes now (its access changed since the config was handed out): the owner should download the new one.
     * Only devices that can still connect count; other users' devices are left out.
     */
    @Transactional(readOnly = true)
    public Set<Long> outdatedConfigs(Collection<Long> deviceIds) {
        var userId = currentUser.require().userId();
        var mine = devices.findAllById(deviceIds).stream()
                .filter(d -> d.ownerId() == userId)
                .filter(d -> d.status() == DeviceStatus.ACTIVE || d.status() == DeviceStatus.PENDING)
                .toList();
        if (mine.isEmpty()) {
            return Set.of();
        }
        var granted = grants.grants(mine.stream()
                .map(d -> new AccessGrants.DeviceRef(d.id(), d.ownerId(), d.networkId()))
                .toList());
        var settings = new HashMap<Long, NetworkSettings>();
        var outdated = new HashSet<Long>();
        for (Device device : mine) {
            var network = settings.computeIfAbsent(
                    device.networkId(), id -> networks.joinable(id).settings());
            var now = ClientAllowedIps.stamp(ClientAllowedIps.of(network, granted.get(device.id())));
            if (!now.equals(ClientAllowedIps.handedOut(device.configAllowedIps(), network))) {
                outdated.add(device.id());
            }
        }
        return outdated;
    }

    /** The device's config with its current AllowedIPs, recorded as the ones its owner was handed. */
    private DeviceConfig handOut(Device device, NetworkSettings network, PrivateKeyEntry privateKey, PresharedKey psk) {
        devices.flush(); // the grant is read with JDBC
        var allowedIps = ClientAllowedIps.of(network, grants.grant(device.id()));
        var config = DeviceConfigs.build(device, network, allowedIps, privateKey, psk);
        if (config.text() != null) {
            devices.recordConfigAllowedIps(device.id(), ClientAllowedIps.stamp(allowedIps));
        }
        return config;
    }

    public void rename(long deviceId, String newName) {
        var device = ownForUpdate(deviceId);
        var name = SafeText.clean(newName, DeviceField.NAME, 1, Device.NAME_MAX_LENGTH);
        var key = UniqueNames.key(name);
        if (!key.equals(UniqueNames.key(device.name())) && devices.existsByOwnerIdAndNameKey(device.ownerId(), key)) {
            throw duplicateName(name);
        }
        var before = device.name();
        device.rename(name);
        try {
            devices.flush();
        } catch (DataIntegrityViolationException e) {
            throw refusal(e, name);
        }
        audit.record(
                currentUser.actor(),
                AuditAction.DEVICE_RENAMED,
                AuditTarget.device(deviceId),
                "before=%s after=%s".formatted(before, name));
    }

    /** Revokes a device: its owner or an admin may. Its addresses go into quarantine. */
    public void revoke(long deviceId) {
        revoke(deviceId, null);
    }

    /**
     * Revokes a device with a reason its owner sees in "My devices" (null or blank: none): its owner or an admin may.
     * Its addresses go into quarantine.
     */
    public void revoke(long deviceId, @Nullable String reason) {
        var user = currentUser.require();
        revokeIf(deviceId, optionalReason(reason), d -> d.ownerId() == user.userId() || hasRole(user, Roles.ADMIN));
    }

    /**
     * Revokes one of the signed-in user's own devices, with an optional reason (null or blank: none); anyone else's
     * device is "not found", whatever the caller's roles. Its addresses go into quarantine.
     */
    public void revokeOwn(long deviceId, @Nullable String reason) {
        var userId = currentUser.require().userId();
        revokeIf(deviceId, optionalReason(reason), d -> d.ownerId() == userId);
    }

    /** An admin revokes any user's device, with the reason its owner sees (required). */
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    public void revokeAsAdmin(long deviceId, String reason) {
        revokeIf(deviceId, SafeText.clean(reason, DeviceField.REASON, 1, Device.REASON_MAX_LENGTH), d -> true);
    }

    /** One of the signed-in user's own devices as lists show it; anyone else's is "not found". */
    @Transactional(readOnly = true)
    public DeviceRow myDevice(long deviceId) {
        return rows(List.of(own(deviceId))).getFirst();
    }

    private static @Nullable String optionalReason(@Nullable String reason) {
        return reason == null || reason.isBlank()
                ? null
                : SafeText.clean(reason, DeviceField.REASON, 1, Device.REASON_MAX_LENGTH);
    }

    private void revokeIf(long deviceId, @Nullable String cleanReason, Predicate<Device> allowed) {
        var device = devices.findForUpdate(deviceId)
                .filter(allowed)
                .orElseThrow(() -> new DeviceNotFoundException(deviceId));
        if (!device.canConnect()) {
            throw new ConflictException(Message.of("refusals.device.%s-already"
                    .formatted(device.status().name().toLowerCase(Locale.ROOT))));
        }
        revoker.revokeLocked(device, currentUser.actor(), cleanReason);
    }

    /** One user's devices, newest first, for the user detail of admins and auditors. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "', '" + Roles.AUDITOR + "')")
    public Slice<DeviceRow> ofUser(long userId, Pageable pageable) {
        var slice = devices.findByOwnerIdOrderByCreatedAtDescIdDesc(userId, pageable);
        return new SliceImpl<>(rows(slice.getContent()), pageable, slice.hasNext());
    }

    /** Devices waiting for an approver, oldest first. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.APPROVER + "')")
    public Slice<DeviceRow> pending(Pageable pageable) {
        var slice = devices.findByStatusOrderByCreatedAtAscIdAsc(DeviceStatus.PENDING, pageable);
        return new SliceImpl<>(rows(slice.getContent()), pageable, slice.hasNext());
    }

    /** Approves another user's pending device. */
    @PreAuthorize("hasRole('" + Roles.APPROVER + "')")
    public void approve(long deviceId) {
        var device = othersPending(deviceId);
        device.approve(currentUser.actor(), null, clock.instant());
        audit.record(
                currentUser.actor(),
                AuditAction.DEVICE_APPROVED,
                AuditTarget.device(deviceId),
                "name=" + device.name());
        devices.flush();
        events.publishEvent(new DevicePeerChanged(device.id(), device.networkId(), device.publicKey(), true));
    }

    /** Rejects another user's pending device, with a reason the owner sees. */
    @PreAuthorize("hasRole('" + Roles.APPROVER + "')")
    public void reject(long deviceId, String reason) {
        var cleanReason = SafeText.clean(reason, DeviceField.REASON, 1, Device.REASON_MAX_LENGTH);
        var device = othersPending(deviceId);
        device.reject(currentUser.actor(), cleanReason, clock.instant());
        addresses.release(device.networkId(), DeviceLeases.holder(deviceId), clock.instant());
        audit.record(
                currentUser.actor(),
                AuditAction.DEVICE_REJECTED,
                AuditTarget.device(deviceId),
                "reason=" + cleanReason);
    }

    /** The device locked: a second approver (or the owner revoking) waits, then finds the decision made. */
    private Device othersPending(long deviceId) {
        var device = devices.findForUpdate(deviceId).orElseThrow(() -> new DeviceNotFoundException(deviceId));
        if (device.ownerId() == currentUser.require().userId()) {
            throw new InvalidInputException(Message.of("refusals.device.own-decision"));
        }
        if (device.status() != DeviceStatus.PENDING) {
            throw new ConflictException(
                    Message.of("refusals.device.not-pending", device.status().name()));
        }
        return device;
    }

    private String decideOnEnrollment(Device device, NetworkSettings spec, PortalUser user) {
        var reason = switch (spec.approvalMode()) {
            case AUTOMATIC -> "the network approves every device";
            case GROUPS ->
                spec.autoApproveGroups().stream()
                        .filter(user.groups()::contains)
                        .findFirst()
                        .map(group -> "member of " + group)
                        .orElse(null);
            case MANUAL -> null;
        };
        if (reason == null) {
            return spec.approvalMode() == ApprovalMode.MANUAL
                    ? "Waiting for an approver: every device in this network is approved by hand."
                    : "Waiting for an approver: you are not in a group this network approves automatically.";
        }
        device.approve("policy", reason, clock.instant());
        audit.record("policy", AuditAction.DEVICE_APPROVED, AuditTarget.device(device.id()), reason);
        devices.flush();
        events.publishEvent(new DevicePeerChanged(device.id(), device.networkId(), device.publicKey(), true));
        return "Active: approved automatically (" + reason + ").";
    }

    private Device own(long deviceId) {
        var userId = currentUser.require().userId();
        users.requireActive(userId);
        return devices.findById(deviceId)
                .filter(d -> d.ownerId() == userId)
                .orElseThrow(() -> new DeviceNotFoundException(deviceId));
    }

    private Device ownForUpdate(long deviceId) {
        var userId = currentUser.require().userId();
        users.requireActive(userId);
        return devices.findForUpdate(deviceId)
                .filter(d -> d.ownerId() == userId)
                .orElseThrow(() -> new DeviceNotFoundException(deviceId));
    }

    private static ConflictException duplicateName(String name) {
        return new ConflictException(DeviceField.NAME, Message.of("refusals.device.name-taken", name));
    }

    /**
     * The database refused the device: a request that checked at the same moment stored the name or the key first.
     * The user gets the error the check would have given; any other refusal is not the user's and is rethrown.
     */
    private static InvalidInputException refusal(DataIntegrityViolationException e, String name) {
        if (UniqueNames.refusedBy(e, "uq_device_owner_name_key")) {
            return duplicateName(name);
        }
        if (UniqueNames.refusedBy(e, "uq_device_public_key")) {
            return DeviceKeys.inUse();
        }
        throw e;
    }

    private static AddressPool pool(IpPrefix prefix, NetworkSettings settings) {
        return AddressPool.of(prefix, settings.gatewayAddressesIn(prefix));
    }

    private static String associatedData(Device device) {
        return DevicePsk.associatedData(device.id());
    }

    private static boolean hasRole(PortalUser user, String role) {
        return user.getAuthorities().stream().anyMatch(a -> Objects.equals(a.getAuthority(), "ROLE_" + role));
    }

    private List<DeviceRow> rows(List<Device> list) {
        var names = users.displayNames(list.stream().map(Device::ownerId).collect(Collectors.toSet()));
        var networkNames = networks.joinable().stream()
                .collect(Collectors.toMap(NetworkRow::id, n -> n.settings().name()));
        var rows = list.stream()
                .map(d -> new DeviceRow(
                        d.id(),
                        d.ownerId(),
                        d.name(),
                        d.platform(),
                        d.keyOrigin(),
                        d.publicKey(),
                        d.ipv4Address(),
                        d.ipv6Address(),
                        d.status(),
                        d.createdAt(),
                        d.decidedBy(),
                        d.decisionReason(),
                        networkNames.getOrDefault(d.networkId(), "?"),
                        names.getOrDefault(d.ownerId(), "?"),
                        d.networkId(),
                        null,
                        DeviceRow.Lifecycle.of(d)))
                .toList();
        var source = delivery.getIfAvailable();
        if (source == null || rows.isEmpty()) {
            return rows;
        }
        var states = source.describe(rows);
        return rows.stream().map(row -> row.withDelivery(states.get(row.id()))).toList();
    }
}
