package dev.tunnelgate.networks;

import dev.tunnelgate.ip.IpAddresses;
import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.keys.WgKey;
import dev.tunnelgate.persistence.UniqueNames;
import dev.tunnelgate.wgconfig.Endpoint;
import inet.ipaddr.IPAddress;
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
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
    private boolean openWithoutPolicies;

    @Column(updatable = false)
    private Instant createdAt = Instant.EPOCH;

    /** The name's key: see {@link #keyName()}. */
    private String nameKey = "";

    private @Nullable Integer expireAfterDays;
    private @Nullable Integer staleAfterDays;
    private @Nullable Integer rotateAfterDays;
    private int rotationOverlapHours = NetworkLifecycle.DEFAULT.rotationOverlapHours();

    protected Network() {}

    Network(NetworkSettings validated, Instant now) {
        this.createdAt = now;
        apply(validated);
    }

    /** Takes over settings that {@link NetworkValidator} has checked, in the text the columns have always held. */
    void apply(NetworkSettings validated) {
        var ipv6 = validated.ipv6Pool();
        var key = validated.gatewayPublicKey();
        name = validated.name();
        ipv4Pool = validated.ipv4Pool().toString();
        ipv6Pool = ipv6 == null ? null : ipv6.toString();
        gatewayAddresses = join(validated.gatewayAddresses().stream().map(IPAddress::toCanonicalString));
        dnsServers = join(validated.dnsServers().stream().map(IPAddress::toCanonicalString));
        mtu = validated.mtu();
        persistentKeepalive = validated.persistentKeepalive();
        endpoint = validated.endpoint().toString();
        tunnelMode = validated.tunnelMode();
        allowedIps = join(validated.allowedIps().stream().map(IpPrefix::toString));
        approvalMode = validated.approvalMode();
        autoApproveGroups = join(validated.autoApproveGroups().stream());
        devicesPerUser = validated.devicesPerUser();
        gatewayPublicKey = key == null ? null : key.toBase64();
        openWithoutPolicies = validated.openWithoutPolicies();
    }

    /** The stored settings in their types; the columns hold what {@link #apply} wrote, so every parse succeeds. */
    public NetworkSettings settings() {
        var ipv6 = ipv6Pool == null || ipv6Pool.isEmpty() ? null : IpPrefix.parse(ipv6Pool);
        return new NetworkSettings(
                name,
                IpPrefix.parse(ipv4Pool),
                ipv6,
                addresses(gatewayAddresses, "Gateway address"),
                addresses(dnsServers, "DNS server"),
                mtu,
                persistentKeepalive,
                Endpoint.parse(endpoint),
                tunnelMode,
                split(allowedIps).stream().map(IpPrefix::parse).toList(),
                approvalMode,
                split(autoApproveGroups),
                devicesPerUser,
                gatewayPublicKey == null ? null : WgKey.parsePublic(gatewayPublicKey),
                openWithoutPolicies);
    }

    public NetworkLifecycle lifecycle() {
        return new NetworkLifecycle(expireAfterDays, staleAfterDays, rotateAfterDays, rotationOverlapHours);
    }

    void applyLifecycle(NetworkLifecycle lifecycle) {
        expireAfterDays = lifecycle.expireAfterDays();
        staleAfterDays = lifecycle.staleAfterDays();
        rotateAfterDays = lifecycle.rotateAfterDays();
        rotationOverlapHours = lifecycle.rotationOverlapHours();
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

    /** Raised by every change of the row (settings and lifecycle alike). */
    public int version() {
        return version;
    }

    private static String join(Stream<String> items) {
        return items.collect(Collectors.joining(","));
    }

    private static List<String> split(String joined) {
        return joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }

    private static List<IPAddress> addresses(String joined, String what) {
        return split(joined).stream().map(text -> IpAddresses.parse(text, what)).toList();
    }
}
