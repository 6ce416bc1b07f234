package dev.tunnelgate.devices;

import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.audit.AuditTarget;
import dev.tunnelgate.identity.CurrentUser;
import dev.tunnelgate.identity.ProvisionedUsers;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.UserDirectory;
import java.util.EnumSet;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Offboarding a leaver: the account is marked offboarded and every device of the user that can still connect (pending
 * or active) is revoked, in one transaction, so the gateways drop the peers together. Lives here and not in identity
 * because devices build on accounts, not the other way round.
 */
@Service
@PreAuthorize("hasRole('" + Roles.ADMIN + "')")
public class Offboarding {
    /** The reason the owner sees on each revoked device. */
    public static final String REASON = "offboarded";

    private static final EnumSet<DeviceStatus> CONNECTABLE = EnumSet.of(DeviceStatus.PENDING, DeviceStatus.ACTIVE);

    private final UserDirectory users;
    private final ProvisionedUsers provisioned;
    private final DeviceRepository devices;
    private final DeviceRevoker revoker;
    private final AuditLog audit;
    private final CurrentUser currentUser;

    Offboarding(
            UserDirectory users,
            ProvisionedUsers provisioned,
            DeviceRepository devices,
            DeviceRevoker revoker,
            AuditLog audit,
            CurrentUser currentUser) {
        this.users = users;
        this.provisioned = provisioned;
        this.devices = devices;
        this.revoker = revoker;
        this.audit = audit;
        this.currentUser = currentUser;
    }

    /** How many devices an offboarding would revoke now (for the confirmation). */
    @Transactional(readOnly = true)
    public int devicesToRevoke(long userId) {
        return devices.findIdsByOwner(userId, CONNECTABLE).size();
    }

    /**
     * Offboards the user: sign-in and enrollment are refused from now on, and every pending or active device is revoked
     * with the reason "offboarded". The account's row is locked first, the lock an enrollment takes: an enrollment
     * that came first is found and revoked here, one that comes later is refused. Returns how many devices were
     * revoked. Unknown users are "not found"; offboarding twice, or oneself, is refused and changes nothing.
     */
    @Transactional
    public int offboard(long userId) {
        var name = users.offboard(userId);
        return revokeDevices(userId, name, currentUser.actor(), "");
    }

    /**
     * Offboards a user the identity provider deactivated (SCIM {@code active: false}), as {@link #offboard} does an
     * admin's leaver: sign-in refused, every pending or active device revoked, in one transaction; {@code actor} is the
     * provisioning client. Returns how many devices were revoked; an account offboarded already is refused.
     */
    @Transactional
    @PreAuthorize("hasRole('" + Roles.PROVISIONER + "')")
    public int offboardDeactivated(long userId, String actor) {
        var name = provisioned.offboard(userId, actor);
        return revokeDevices(userId, name, actor, " by=identity-provider");
    }

    private int revokeDevices(long userId, String name, String actor, String cause) {
        int revoked = revoker.revokeAll(devices.findIdsByOwner(userId, CONNECTABLE), actor, REASON);
        audit.record(
                actor,
                AuditAction.USER_OFFBOARDED,
                AuditTarget.user(userId),
                "name=%s devicesRevoked=%d%s".formatted(name, revoked, cause));
        return revoked;
    }
}
