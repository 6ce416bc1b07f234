package dev.tunnelgate.networks;

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
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A network devices join. Lists are stored comma-separated; values are canonical, so no item holds a comma. */
@Entity
@Table(name = "network")
public class Network {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private @Nullable Long id;

    @Version
    private int version;

    private String name = "";
    private String ipv4Pool = "";
    private @Nullable String ipv6Pool;
    private String gatewayAddresses = "";
    private String dnsServers = "";
    private int mtu;
    private int persistentKeepalive;
    private String endpoint = "";

    @Enumerated(EnumType.STRING)
    private TunnelMode tunnelMode = TunnelMode.SPLIT;

    private String allowedIps = "";

    @Enumerated(EnumType.STRING)
    private ApprovalMode approvalMode = ApprovalMode.MANUAL;

    private String autoApproveGroups = "";
    private int devicesPerUser;
    private @Nullable String gatewayPublicKey;

    @Column(updatable = false)
    private Instant createdAt = Instant.EPOCH;

    /** The name's key: see {@link #keyName()}. */
    private String nameKey = "";

    protected Network() {
    }

    Network(NetworkSpec validated, Instant now) {
        this.createdAt = now;
        apply(validated);
    }

    /** Takes over settings that {@link NetworkValidator} has checked. */
    void apply(NetworkSpec validated) {
        name = validated.name();
        ipv4Pool = validated.ipv4Pool();
        ipv6Pool = validated.ipv6Pool();
        gatewayAddresses = String.join(",", validated.gatewayAddresses());
        dnsServers = String.join(",", validated.dnsServers());
        mtu = validated.mtu();
        persistentKeepalive = validated.persistentKeepalive();
        endpoint = validated.endpoint();
        tunnelMode = validated.tunnelMode();
        allowedIps = String.join(",", validated.allowedIps());
        approvalMode = validated.approvalMode();
        autoApproveGroups = String.join(",", validated.autoApproveGroups());
        devicesPerUser = validated.devicesPerUser();
        gatewayPublicKey = validated.gatewayPublicKey();
    }

    public NetworkSpec spec() {
        return new NetworkSpec(name, ipv4Pool, ipv6Pool, split(gatewayAddresses), split(dnsServers), mtu,
                persistentKeepalive, endpoint, tunnelMode, split(allowedIps), approvalMode, split(autoApproveGroups),
                devicesPerUser, gatewayPublicKey);
    }

    public long id() {
        if (id == null) {
            throw new IllegalStateException("Network is not saved yet");
        }
        return id;
    }

    /** Names are unique among networks ignoring case; the database holds that on this key (see {@link UniqueNames}). */
    @PrePersist
    @PreUpdate
    void keyName() {
        nameKey = UniqueNames.key(name, nameKey);
    }

    public String name() {
        return name;
    }

    private static List<String> split(String joined) {
        return joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }
}
