package dev.tunnelgate.policy;

import dev.tunnelgate.persistence.UniqueNames;
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
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Grants destinations to IdP groups and users in some networks. The associations are ids, so that this feature's
 * tables reference networks and users without their entities; {@link AccessGrants} reads the same tables.
 */
@Entity
@Table(name = "access_policy")
public class AccessPolicy {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private @Nullable Long id;

    @Version
    private int version;

    private String name = "";

    /** The name's key: see {@link #keyName()}. */
    private String nameKey = "";

    private boolean enabled;

    @Column(updatable = false)
    private Instant createdAt = Instant.EPOCH;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "access_policy_network", joinColumns = @JoinColumn(name = "policy_id"))
    @Column(name = "network_id")
    private Set<Long> networkIds = new TreeSet<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "access_policy_destination", joinColumns = @JoinColumn(name = "policy_id"))
    @Column(name = "destination_id")
    private Set<Long> destinationIds = new TreeSet<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "access_policy_group", joinColumns = @JoinColumn(name = "policy_id"))
    @Column(name = "group_name")
    private Set<String> groups = new TreeSet<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "access_policy_user", joinColumns = @JoinColumn(name = "policy_id"))
    @Column(name = "user_id")
    private Set<Long> userIds = new TreeSet<>();

    protected AccessPolicy() {}

    AccessPolicy(PolicySettings validated, Instant now) {
        this.createdAt = now;
        apply(validated);
    }

    /** Takes over settings that {@link PolicyValidator} has checked. */
    void apply(PolicySettings validated) {
        name = validated.name();
        enabled = validated.enabled();
        replace(networkIds, validated.networkIds());
        replace(destinationIds, validated.destinationIds());
        replace(groups, validated.groups());
        replace(userIds, validated.userIds());
    }

    public PolicySettings settings() {
        return new PolicySettings(name, enabled, networkIds, destinationIds, groups, userIds);
    }

    public long id() {
        if (id == null) {
            throw new IllegalStateException("Policy is not saved yet");
        }
        return id;
    }

    public String name() {
        return name;
    }

    /** Raised by every change of the policy. */
    public int version() {
        return version;
    }

    /** Names are unique among policies ignoring case; the database holds that on this key. */
    @PrePersist
    @PreUpdate
    void keyName() {
        nameKey = UniqueNames.key(name, nameKey);
    }

    /** Changes a collection in place, so Hibernate writes only the rows that differ. */
    private static <T> void replace(Set<T> stored, Set<T> wanted) {
        stored.retainAll(wanted);
        stored.addAll(wanted);
    }
}
