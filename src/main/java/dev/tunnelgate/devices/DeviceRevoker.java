package dev.tunnelgate.devices;

import dev.tunnelgate.addressing.AddressAllocator;
import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.audit.AuditTarget;
import java.time.Clock;
import java.util.Collection;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one way a device is revoked, whoever asks: its owner or an admin (through {@link DeviceService}), an admin's
 * bulk revocation or offboarding, or policy (expiry, stale devices). It checks nobody: its callers authorize.
 * Revoking releases the device's addresses into quarantine, audits, and, for an active device, announces the peer's
 * removal so that the gateways follow in the same transaction. A device replacing its key loses both peers and both
 * sets of addresses; the rotation is forgotten.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class DeviceRevoker {
    private final DeviceRepository devices;
    private final AddressAllocator addresses;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    DeviceRevoker(
            DeviceRepository devices,
            AddressAllocator addresses,
            AuditLog audit,
            Clock clock,
            ApplicationEventPublisher events) {
        this.devices = devices;
        this.addresses = addresses;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Revokes the device if it is pending or active, locking it first; returns false (and changes nothing) when it is
     * unknown or was revoked, rejected or expired already, e.g. by a racing request.
     */
    public boolean revoke(long deviceId, String actor, @Nullable String reason) {
        var device = devices.findForUpdate(deviceId).orElse(null);
        if (device == null || !device.canConnect()) {
            return false;
        }
        revokeLocked(device, actor, reason);
        return true;
    }

    /**
     * Revokes those of these devices that are pending or active, after locking all of them in id order (see
     * {@link DeviceRepository#findAllForUpdate}); returns how many it revoked. Unknown ids and devices revoked,
     * rejected or expired already are skipped.
     */
    public int revokeAll(Collection<Long> deviceIds, String actor, @Nullable String reason) {
        if (deviceIds.isEmpty()) {
            return 0;
        }
        int revoked = 0;
        for (var device : devices.findAllForUpdate(deviceIds)) {
            if (device.canConnect()) {
                revokeLocked(device, actor, reason);
                revoked++;
            }
        }
        return revoked;
    }

    /** Revokes a device its caller has locked and found pending or active. */
    void revokeLocked(Device device, String actor, @Nullable String reason) {
        var wasActive = device.status() == DeviceStatus.ACTIVE;
        var nextKey = device.nextPublicKey();
        var now = clock.instant();
        device.revoke(actor, reason, now);
        addresses.release(device.networkId(), DeviceLeases.holder(device.id()), now);
        addresses.release(device.networkId(), DeviceLeases.nextHolder(device.id()), now);
        audit.record(
                actor,
                AuditAction.DEVICE_REVOKED,
                AuditTarget.device(device.id()),
                (reason == null ? "name=" + device.name() : "name=%s reason=%s".formatted(device.name(), reason))
                        + (nextKey == null ? "" : " abandonedNextKey=" + nextKey));
        events.publishEvent(new DeviceRevoked(device.id(), device.networkId()));
        if (wasActive) {
            devices.flush();
            events.publishEvent(new DevicePeerChanged(device.id(), device.networkId(), device.publicKey(), false));
            if (nextKey != null) {
                // Announced while the device still names the key: the gateways' listener reads the peer by it.
                events.publishEvent(new DevicePeerChanged(device.id(), device.networkId(), nextKey, false));
            }
        }
        if (nextKey != null) {
            device.abandonRotation();
            devices.flush();
        }
    }
}
