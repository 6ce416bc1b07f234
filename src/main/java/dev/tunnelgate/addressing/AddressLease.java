package dev.tunnelgate.addressing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One address of a pool, held by one holder at a time; the row outlives holders and is reused. */
@Entity
@Table(name = "address_lease")
class AddressLease {
    static final int HOLDER_MAX_LENGTH = 64;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private @Nullable Long id;

    @Column(nullable = false, updatable = false)
    private long networkId;

    @Column(nullable = false, updatable = false)
    private AddressFamily family;

    @Column(nullable = false, updatable = false)
    private long addressIndex;

    @Column(nullable = false, updatable = false)
    private String address;

    @Column(nullable = false)
    private String holder;

    @Column(nullable = false)
    private Instant leasedAt;

    private @Nullable Instant releasedAt;

    protected AddressLease() {
        this(0, AddressFamily.IPV4, 0, "", "", Instant.EPOCH);
    }

    AddressLease(long networkId, AddressFamily family, long addressIndex, String address, String holder, Instant now) {
        this.networkId = networkId;
        this.family = family;
        this.addressIndex = addressIndex;
        this.address = address;
        this.holder = holder;
        this.leasedAt = now;
    }

    void reassign(String newHolder, Instant now) {
        if (releasedAt == null) {
            throw new IllegalStateException("Address %s is still held by %s".formatted(address, holder));
        }
        holder = newHolder;
        leasedAt = now;
        releasedAt = null;
    }

    /** The address passes, held all along, to another holder (a device's next key becoming its key). */
    void handTo(String newHolder) {
        if (releasedAt != null) {
            throw new IllegalStateException("Address %s is not held".formatted(address));
        }
        holder = newHolder;
    }

    void release(Instant when) {
        if (releasedAt == null) {
            releasedAt = when;
        }
    }

    long networkId() {
        return networkId;
    }

    @Nullable
    Instant releasedAt() {
        return releasedAt;
    }

    Lease toLease() {
        return new Lease(networkId, family, addressIndex, address, holder, leasedAt);
    }
}
