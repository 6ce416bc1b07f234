package dev.tunnelgate.gateways;

import dev.tunnelgate.persistence.UniqueNames;
import dev.tunnelgate.protocol.DnsCheck;
import dev.tunnelgate.protocol.EndpointRole;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** One gateway host of a group, with its credential (hashed) and what its agent last reported. */
@Entity
@Table(name = "gateway_member")
public class GatewayMember {
    public static final int NAME_MAX_LENGTH = 64;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private @Nullable Long id;

    @Version
    private int version;

    @Column(updatable = false)
    private long groupId;

    private String name = "";

    /** The name's key: see {@link #keyName()}. */
    private String nameKey = "";

    private String credentialHash = "";
    private @Nullable String previousCredentialHash;
    private @Nullable Instant previousValidUntil;
    private @Nullable Instant credentialRotatedAt;

    @Column(updatable = false)
    private Instant createdAt = Instant.EPOCH;

    private @Nullable Instant revokedAt;
    private @Nullable Instant lastContactAt;
    private @Nullable String agentVersion;
    private @Nullable String reportedPublicKey;
    private long appliedRevision;
    private @Nullable String appliedHash;
    private @Nullable Instant appliedAt;
    private int peerCount;
    private int handshakingPeers;
    private @Nullable String lastError;
    private @Nullable Instant lastErrorAt;
    private @Nullable String lastDrift;
    private @Nullable Instant lastDriftAt;
    private @Nullable String dnsChecks;

    @Enumerated(EnumType.STRING)
    private @Nullable EndpointRole endpointRole;

    private @Nullable Instant endpointRoleSince;

    protected GatewayMember() {}

    GatewayMember(long groupId, String name, Instant now) {
        this.groupId = groupId;
        this.name = name;
        this.createdAt = now;
    }

    void setCredential(String hash) {
        credentialHash = hash;
    }

    /** The old credential keeps working until the new one is first used or {@code grace} has passed. */
    void rotateCredential(String newHash, Instant now, Duration grace) {
        requireNotRevoked();
        // A second rotation while the first one's grace runs keeps the credential that is still deployed (the
        // first new one may never have left the admin's screen) with its original end of grace.
        boolean graceRunning =
                previousCredentialHash != null && previousValidUntil != null && now.isBefore(previousValidUntil);
        if (!graceRunning) {
            previousCredentialHash = credentialHash;
            previousValidUntil = now.plus(grace);
        }
        credentialHash = newHash;
        credentialRotatedAt = now;
    }

    /** The new credential was used: the old one ends now. */
    void retirePreviousCredential() {
        previousCredentialHash = null;
        previousValidUntil = null;
    }

    void revoke(Instant now) {
        requireNotRevoked();
        revokedAt = now;
        previousCredentialHash = null;
        previousValidUntil = null;
    }

    void contacted(Instant now) {
        lastContactAt = now;
    }

    void reported(
            String agentVersion,
            String publicKey,
            long appliedRevision,
            @Nullable String appliedHash,
            int peerCount,
            int handshakingPeers,
            Instant now) {
        if (appliedRevision < this.appliedRevision) {
            throw new IllegalStateException("applied revision of member %s went back from %d to %d"
                    .formatted(id, this.appliedRevision, appliedRevision));
        }
        if (appliedRevision != this.appliedRevision || !java.util.Objects.equals(appliedHash, this.appliedHash)) {
            appliedAt = now;
        }
        this.agentVersion = agentVersion;
        this.reportedPublicKey = publicKey;
        this.appliedRevision = appliedRevision;
        this.appliedHash = appliedHash;
        this.peerCount = peerCount;
        this.handshakingPeers = handshakingPeers;
        this.lastContactAt = now;
    }

    /** The DNS checks of a full report; none (the networks set no DNS, or the agent does not check) clears them. */
    void recordDnsChecks(List<DnsCheck> checks) {
        dnsChecks = checks.isEmpty()
                ? null
                : checks.stream()
                        .map(check -> check.address() + "=" + check.outcome().name())
                        .collect(Collectors.joining(" "));
    }

    /**
     * The role the agent reported; null when it is not told (no {@code --vip}, no keepalived notify). The time moves
     * only when the role changed, so "since" is when this member took the address over or gave it up.
     *
     * @return true when this member holds the endpoint address now and did not before: it took the address over
     */
    boolean recordEndpointRole(@Nullable EndpointRole role, Instant now) {
        if (role == endpointRole) {
            return false;
        }
        boolean tookOver = role == EndpointRole.HOLDER;
        endpointRole = role;
        endpointRoleSince = now;
        return tookOver;
    }

    void recordError(@Nullable String error, Instant now) {
        lastError = error;
        lastErrorAt = error == null ? lastErrorAt : now;
    }

    void recordDrift(String drift, Instant now) {
        lastDrift = drift;
        lastDriftAt = now;
    }

    /** Names are unique within a group ignoring case; the database holds that on this key (see {@link UniqueNames}). */
    @PrePersist
    @PreUpdate
    void keyName() {
        nameKey = UniqueNames.key(name, nameKey);
    }

    private void requireNotRevoked() {
        if (revokedAt != null) {
            throw new IllegalStateException("Gateway member %s is revoked".formatted(id));
        }
    }

    public long id() {
        if (id == null) {
            throw new IllegalStateException("Gateway member is not saved yet");
        }
        return id;
    }

    public long groupId() {
        return groupId;
    }

    public String name() {
        return name;
    }

    String credentialHash() {
        return credentialHash;
    }

    @Nullable
    String previousCredentialHash() {
        return previousCredentialHash;
    }

    public @Nullable Instant previousValidUntil() {
        return previousValidUntil;
    }

    public @Nullable Instant credentialRotatedAt() {
        return credentialRotatedAt;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public @Nullable Instant revokedAt() {
        return revokedAt;
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    public @Nullable Instant lastContactAt() {
        return lastContactAt;
    }

    public @Nullable String agentVersion() {
        return agentVersion;
    }

    public @Nullable String reportedPublicKey() {
        return reportedPublicKey;
    }

    public long appliedRevision() {
        return appliedRevision;
    }

    public @Nullable String appliedHash() {
        return appliedHash;
    }

    public @Nullable Instant appliedAt() {
        return appliedAt;
    }

    public int peerCount() {
        return peerCount;
    }

    public int handshakingPeers() {
        return handshakingPeers;
    }

    public @Nullable String lastError() {
        return lastError;
    }

    public @Nullable Instant lastErrorAt() {
        return lastErrorAt;
    }

    public @Nullable String lastDrift() {
        return lastDrift;
    }

    /** The DNS checks of the last full report; empty when it had none. */
    public List<DnsCheck> dnsChecks() {
        if (dnsChecks == null) {
            return List.of();
        }
        return Arrays.stream(dnsChecks.split(" "))
                .map(word -> {
                    int at = word.lastIndexOf('=');
                    return new DnsCheck(word.substring(0, at), DnsCheck.Outcome.valueOf(word.substring(at + 1)));
                })
                .toList();
    }

    public @Nullable EndpointRole endpointRole() {
        return endpointRole;
    }

    public @Nullable Instant endpointRoleSince() {
        return endpointRoleSince;
    }

    public @Nullable Instant lastDriftAt() {
        return lastDriftAt;
    }
}
