package dev.tunnelgate.policy;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.persistence.UniqueNames;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.protocol.PortRange;
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
import org.jspecify.annotations.Nullable;

/**
 * Where a policy lets devices go: prefixes, a protocol and (TCP, UDP) ports. Lists are stored as canonical,
 * comma-separated text, which {@link AccessGrants} reads as well.
 */
@Entity
@Table(name = "destination")
public class Destination {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private @Nullable Long id;

    @Version
    private int version;

    private String name = "";

    /** The name's key: see {@link #keyName()}. */
    private String nameKey = "";

    private String prefixes = "";

    @Enumerated(EnumType.STRING)
    private AccessProtocol protocol = AccessProtocol.ANY;

    private String ports = "";

    @Column(updatable = false)
    private Instant createdAt = Instant.EPOCH;

    protected Destination() {}

    Destination(DestinationSettings validated, Instant now) {
        this.createdAt = now;
        apply(validated);
    }

    /** Takes over settings that {@link DestinationValidator} has checked. */
    void apply(DestinationSettings validated) {
        name = validated.name();
        prefixes = validated.prefixes().stream().map(IpPrefix::toString).collect(Collectors.joining(","));
        protocol = validated.protocol();
        ports = validated.ports().stream().map(PortRange::toString).collect(Collectors.joining(","));
    }

    /** The stored settings in their types; the columns hold what {@link #apply} wrote, so every parse succeeds. */
    public DestinationSettings settings() {
        return new DestinationSettings(
                name,
                split(prefixes).stream().map(IpPrefix::parseNetwork).toList(),
                protocol,
                split(ports).stream().map(PortRange::parse).toList());
    }

    public long id() {
        if (id == null) {
            throw new IllegalStateException("Destination is not saved yet");
        }
        return id;
    }

    public String name() {
        return name;
    }

    /** Raised by every change of the destination. */
    public int version() {
        return version;
    }

    /** Names are unique among destinations ignoring case; the database holds that on this key. */
    @PrePersist
    @PreUpdate
    void keyName() {
        nameKey = UniqueNames.key(name, nameKey);
    }

    private static List<String> split(String joined) {
        return joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }
}
