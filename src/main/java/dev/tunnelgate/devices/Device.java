package dev.tunnelgate.devices;

import dev.tunnelgate.persistence.UniqueNames;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One WireGuard peer of one user in one network. Intent methods guard every status change. */
@Entity
@Table(name = "device")
public class Device {
    public static final int NAME_MAX_LENGTH = 64;
    public static final int REASON_MAX_LENGTH = 500;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private @Nullable Long id;

    @Version
    private int version;

    @Column(updatable = false)
    private long ownerId;

    @Column(updatable = false)
    private long networkId;

    private String name = "";

    /** The name's key, unique per owner: see {@link #keyName()}. */
    private String nameKey = "";

    @Enumerated(EnumType.STRING)
    private Platform platform = Platform.OTHER;

    /** Replaced, with the public key, when a key rotation completes. */
    @Enumerated(EnumType.STRING)
    private KeyOrigin keyOrigin = KeyOrigin.USER;

    private String publicKey = "";

    /** Sealed with the device id as associated data; see {@link DevicePsk}. */
    private String presharedKey = "";

    private String ipv4Address = "";
    private @Nullable String ipv6Address;

    @Enumerated(EnumType.STRING)
    private DeviceStatus status = DeviceStatus.PENDING;

    @Column(updatable = false)
    private Instant createdAt = Instant.EPOCH;

    private @Nullable String decidedBy;
    private @Nullable Instant decidedAt;
    private @Nullable String decisionReason;
    private @Nullable String revokedBy;
    private @Nullable Instant revokedAt;

    /**
     * The AllowedIPs of the config last handed out (see {@link ClientAllowedIps#stamp}); null: before access
     * policies. Written by {@link DeviceRepository#recordConfigAllowedIps} only, so a device saved meanwhile keeps it.
     */
    @Column(insertable = false, updatable = false)
    private @Nullable String configAllowedIps;

    /** When the device stops working by itself (revoked by policy); null: never. */
    private @Nullable Instant expiresAt;

    /** Why the device was revoked, as its owner sees it; null: revoked without a word (or not revoked). */
    private @Nullable String revokeReason;

    /** When the current key was made: at enrollment, then at each completed rotation (key age). */
    private Instant keyCreatedAt = Instant.EPOCH;

    /**
     * The newest handshake any gateway member reported for any key of this device, and that member's name; written by
     * the status reports (see {@link DeviceRepository}), never by an entity save.
     */
    @Column(insertable = false, updatable = false)
    private @Nullable Instant lastHandshakeAt;

    @Column(insertable = false, updatable = false)
    private @Nullable String lastHandshakeMember;

    /** A key rotation in progress: the new key with its own preshared key and addresses (all null otherwise). */
    private @Nullable String nextPublicKey;

    private @Nullable String nextPresharedKey;
    private @Nullable String nextIpv4Address;
    private @Nullable String nextIpv6Address;

    @Enumerated(EnumType.STRING)
    private @Nullable KeyOrigin nextKeyOrigin;

    private @Nullable Instant rotationStartedAt;
    private @Nullable Instant rotationEndsAt;

    protected Device() {}

    Device(
            long ownerId,
            long networkId,
            String name,
            Platform platform,
            KeyOrigin keyOrigin,
            String publicKey,
            Instant now,
            @Nullable Instant expiresAt) {
        this.ownerId = ownerId;
        this.networkId = networkId;
        this.name = name;
        this.platform = platform;
        this.keyOrigin = keyOrigin;
        this.publicKey = publicKey;
        this.createdAt = now;
        this.keyCreatedAt = now;
        this.expiresAt = expiresAt;
    }

    void assign(String sealedPresharedKey, String ipv4, @Nullable String ipv6) {
        this.presharedKey = sealedPresharedKey;
        this.ipv4Address = ipv4;
        this.ipv6Address = ipv6;
    }

    void approve(String actor, @Nullable String reason, Instant now) {
        requireStatus(DeviceStatus.PENDING);
        status = DeviceStatus.ACTIVE;
        decide(actor, reason, now);
    }

    void reject(String actor, String reason, Instant now) {
        requireStatus(DeviceStatus.PENDING);
        status = DeviceStatus.REJECTED;
        decide(actor, reason, now);
    }

    void revoke(String actor, @Nullable String reason, Instant now) {
        if (!canConnect()) {
            throw new IllegalStateException("Device %s is %s and cannot be revoked".formatted(id, status));
        }
        status = DeviceStatus.REVOKED;
        revokedBy = actor;
        revokedAt = now;
        revokeReason = reason;
    }

    /** A new key with its own addresses and preshared key works next to the current one (see {@link KeyRotation}). */
    boolean rotating() {
        return nextPublicKey != null;
    }

    void startRotation(
            KeyOrigin origin,
            String publicKey,
            String sealedPresharedKey,
            String ipv4,
            @Nullable String ipv6,
            Instant now,
            Instant endsAt) {
        requireStatus(DeviceStatus.ACTIVE);
        if (rotating()) {
            throw new IllegalStateException("Device %s is replacing its key already".formatted(id));
        }
        nextKeyOrigin = origin;
        nextPublicKey = publicKey;
        nextPresharedKey = sealedPresharedKey;
        nextIpv4Address = ipv4;
        nextIpv6Address = ipv6;
        rotationStartedAt = now;
        rotationEndsAt = endsAt;
    }

    /** The new key becomes the device's key, with its addresses and preshared key; the old one is forgotten. */
    void completeRotation(Instant now) {
        requireStatus(DeviceStatus.ACTIVE);
        if (nextPublicKey == null || nextPresharedKey == null || nextIpv4Address == null || nextKeyOrigin == null) {
            throw new IllegalStateException("Device %s is not replacing its key".formatted(id));
        }
        publicKey = nextPublicKey;
        presharedKey = nextPresharedKey;
        ipv4Address = nextIpv4Address;
        ipv6Address = nextIpv6Address;
        keyOrigin = nextKeyOrigin;
        keyCreatedAt = now;
        abandonRotation();
    }

    /** Forgets a rotation in progress (the device was revoked); its key stays in the registry of used keys. */
    void abandonRotation() {
        nextPublicKey = null;
        nextPresharedKey = null;
        nextIpv4Address = null;
        nextIpv6Address = null;
        nextKeyOrigin = null;
        rotationStartedAt = null;
        rotationEndsAt = null;
    }

    /** Pending or active: the device is counted against limits and may still (come to) connect. */
    boolean canConnect() {
        return status == DeviceStatus.PENDING || status == DeviceStatus.ACTIVE;
    }

    void rename(String newName) {
        this.name = newName;
    }

    /** Names are unique ignoring case; the database holds that on this key (see {@link UniqueNames}). */
    @PrePersist
    @PreUpdate
    void keyName() {
        nameKey = UniqueNames.key(name, nameKey);
    }

    private void decide(String actor, @Nullable String reason, Instant now) {
        decidedBy = actor;
        decidedAt = now;
        decisionReason = reason;
    }

    private void requireStatus(DeviceStatus expected) {
        if (status != expected) {
            throw new IllegalStateException("Device %s is %s, not %s".formatted(id, status, expected));
        }
    }

    public long id() {
        if (id == null) {
            throw new IllegalStateException("Device is not saved yet");
        }
        return id;
    }

    public long ownerId() {
        return ownerId;
    }

    public long networkId() {
        return networkId;
    }

    public String name() {
        return name;
    }

    public Platform platform() {
        return platform;
    }

    public KeyOrigin keyOrigin() {
        return keyOrigin;
    }

    public String publicKey() {
        return publicKey;
    }

    String presharedKey() {
        return presharedKey;
    }

    public String ipv4Address() {
        return ipv4Address;
    }

    public @Nullable String ipv6Address() {
        return ipv6Address;
    }

    public DeviceStatus status() {
        return status;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public @Nullable String decidedBy() {
        return decidedBy;
    }

    public @Nullable Instant decidedAt() {
        return decidedAt;
    }

    public @Nullable String decisionReason() {
        return decisionReason;
    }

    public @Nullable Instant revokedAt() {
        return revokedAt;
    }

    @Nullable
    String configAllowedIps() {
        return configAllowedIps;
    }

    public @Nullable String revokedBy() {
        return revokedBy;
    }

    public @Nullable String revokeReason() {
        return revokeReason;
    }

    public @Nullable Instant expiresAt() {
        return expiresAt;
    }

    public Instant keyCreatedAt() {
        return keyCreatedAt;
    }

    public @Nullable Instant lastHandshakeAt() {
        return lastHandshakeAt;
    }

    public @Nullable String lastHandshakeMember() {
        return lastHandshakeMember;
    }

    public @Nullable String nextPublicKey() {
        return nextPublicKey;
    }

    @Nullable
    String nextPresharedKey() {
        return nextPresharedKey;
    }

    public @Nullable String nextIpv4Address() {
        return nextIpv4Address;
    }

    public @Nullable String nextIpv6Address() {
        return nextIpv6Address;
    }

    public @Nullable KeyOrigin nextKeyOrigin() {
        return nextKeyOrigin;
    }

    public @Nullable Instant rotationStartedAt() {
        return rotationStartedAt;
    }

    public @Nullable Instant rotationEndsAt() {
        return rotationEndsAt;
    }
}
