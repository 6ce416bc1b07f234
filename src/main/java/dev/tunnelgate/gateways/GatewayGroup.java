package dev.tunnelgate.gateways;

import dev.tunnelgate.keys.WgKey;
import dev.tunnelgate.persistence.UniqueNames;
import dev.tunnelgate.protocol.PeerSetHash;
import dev.tunnelgate.wgconfig.Endpoint;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One WireGuard identity serving some networks. Its revision and peer hash are changed only by {@link Revisions},
 * with row-locking updates, so they are not mapped as writable here.
 */
@Entity
@Table(name = "gateway_group")
public class GatewayGroup {
    public static final int NAME_MAX_LENGTH = 64;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private @Nullable Long id;

    @Version
    private int version;

    private String name = "";

    /** The name's key: see {@link #keyName()}. */
    private String nameKey = "";

    private String endpoint = "";
    private int listenPort;
    private @Nullable String publicKey;

    @Column(insertable = true, updatable = false)
    private long revision = 1;

    @Column(insertable = true, updatable = false)
    private String peerHash = PeerSetHash.EMPTY;

    @Column(updatable = false)
    private Instant createdAt = Instant.EPOCH;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "gateway_group_network", joinColumns = @JoinColumn(name = "group_id"))
    @Column(name = "network_id")
    private Set<Long> networkIds = new LinkedHashSet<>();

    protected GatewayGroup() {}

    GatewayGroup(GroupSettings validated, Instant now) {
        this.createdAt = now;
        apply(validated);
    }

    /** Takes over checked settings; a group keeps its public key when the settings name none. */
    void apply(GroupSettings validated) {
        name = validated.name();
        endpoint = validated.endpoint().toString();
        listenPort = validated.listenPort();
        networkIds = new LinkedHashSet<>(validated.networkIds());
        if (validated.publicKey() != null) {
            publicKey = validated.publicKey().toBase64();
        }
    }

    void adoptPublicKey(WgKey key) {
        publicKey = key.toBase64();
    }

    GroupSettings settings() {
        return new GroupSettings(name, endpoint(), listenPort, List.copyOf(networkIds), publicKey());
    }

    /** Names are unique among gateway groups ignoring case; the database holds that on this key (see {@link UniqueNames}). */
    @PrePersist
    @PreUpdate
    void keyName() {
        nameKey = UniqueNames.key(name, nameKey);
    }

    public long id() {
        if (id == null) {
            throw new IllegalStateException("Gateway group is not saved yet");
        }
        return id;
    }

    public String name() {
        return name;
    }

    /** Raised by every change of the group's settings (not by its revision, which {@link Revisions} keeps). */
    public int version() {
        return version;
    }

    public Endpoint endpoint() {
        return Endpoint.parse(endpoint);
    }

    public int listenPort() {
        return listenPort;
    }

    public @Nullable WgKey publicKey() {
        return publicKey == null ? null : WgKey.parsePublic(publicKey);
    }

    public long revision() {
        return revision;
    }

    public String peerHash() {
        return peerHash;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Set<Long> networkIds() {
        return Set.copyOf(networkIds);
    }
}
