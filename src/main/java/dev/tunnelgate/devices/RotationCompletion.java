package dev.tunnelgate.devices;

import dev.tunnelgate.addressing.AddressAllocator;
import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.audit.AuditTarget;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ends key rotations (see {@link KeyRotation}): when a gateway member reports the new key's first handshake, or when
 * the overlap window is over. The new key becomes the device's key, the old peer leaves the gateways and its
 * addresses go into quarantine. Each completion locks the device, so a handshake and the window's end racing complete
 * a rotation once. It checks nobody: its callers are the gateways' status reports and a scheduled task.
 */
@Component
public class RotationCompletion {
    private static final Logger log = LoggerFactory.getLogger(RotationCompletion.class);

    static final String BY_WINDOW = "overlap window ended";

    private final DeviceRepository devices;
    private final AddressAllocator addresses;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;

    RotationCompletion(
            DeviceRepository devices,
            AddressAllocator addresses,
            AuditLog audit,
            Clock clock,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactions) {
        this.devices = devices;
        this.addresses = addresses;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
    }

    /** A member saw handshakes: each rotation whose new key is among them completes, in the report's transaction. */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    public void on(PeerHandshakesSeen event) {
        if (event.handshakes().isEmpty()) {
            return;
        }
        // In id order, so two reports completing the same devices lock them in the same order.
        for (long id : devices.findIdsByNextKeyIn(event.handshakes().keySet())) {
            devices.findForUpdate(id)
                    .filter(d -> d.nextPublicKey() != null && event.handshakes().containsKey(d.nextPublicKey()))
                    .ifPresent(d -> complete(d, "by handshake via " + event.memberName()));
        }
    }

    /**
     * Completes every rotation whose overlap window ended by {@code now}, each in a transaction of its own; returns
     * how many this call completed (a rotation completed meanwhile by a handshake is not counted).
     */
    public int completeExpiredRotations(Instant now) {
        int completed = 0;
        var ids = Objects.requireNonNull(tx.execute(status -> devices.findIdsByRotationEndingBy(now)));
        for (long id : ids) {
            try {
                Boolean done = tx.execute(status -> devices.findForUpdate(id)
                        .filter(d -> d.rotating()
                                && !Objects.requireNonNull(d.rotationEndsAt()).isAfter(now))
                        .map(d -> {
                            complete(d, BY_WINDOW);
                            return true;
                        })
                        .orElse(false));
                if (Boolean.TRUE.equals(done)) {
                    completed++;
                }
            } catch (RuntimeException e) {
                // One device that cannot complete must not keep the others' old keys alive past their window.
                log.error("The key rotation of device {} could not complete; the next run tries again", id, e);
            }
        }
        return completed;
    }

    private void complete(Device device, String how) {
        var now = clock.instant();
        var oldKey = device.publicKey();
        // Announced while the device still names the old key with its addresses: the gateways' listener reads the
        // peer by its key to take exactly that line out of the group's peer hash.
        devices.flush();
        events.publishEvent(new DevicePeerChanged(device.id(), device.networkId(), oldKey, false));
        var oldIpv4 = device.ipv4Address();
        var oldIpv6 = device.ipv6Address();
        addresses.release(device.networkId(), DeviceLeases.holder(device.id()), now);
        addresses.transfer(device.networkId(), DeviceLeases.nextHolder(device.id()), DeviceLeases.holder(device.id()));
        device.completeRotation(now);
        devices.flush();
        audit.record(
                "system",
                AuditAction.DEVICE_ROTATION_COMPLETED,
                AuditTarget.device(device.id()),
                "%s oldKey=%s newKey=%s releasedIpv4=%s releasedIpv6=%s"
                        .formatted(how, oldKey, device.publicKey(), oldIpv4, oldIpv6));
    }
}
