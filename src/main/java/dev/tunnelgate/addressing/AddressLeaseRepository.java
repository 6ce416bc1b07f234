package dev.tunnelgate.addressing;

import jakarta.persistence.LockModeType;
import jakarta.persistence.QueryHint;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.QueryHints;
import org.springframework.data.repository.Repository;

/** Every query here is answered from an index: nothing reads all leases of a pool. */
interface AddressLeaseRepository extends Repository<AddressLease, Long> {
    AddressLease save(AddressLease lease);

    /** A holder's active leases in every network: a handful, filtered by the caller (see ix_address_lease_holder). */
    List<AddressLease> findByHolderAndReleasedAtIsNull(String holder);

    /**
     * The address released longest ago, if it was released between {@code from} and {@code to}.
     * Callers pass a lower bound although nothing is released before 1970: H2 sorts NULLs first, and
     * without one its index range starts at the active leases (released_at null) and steps over
     * every one of them. Locked; a row another allocation holds is skipped (lock timeout -2 is SKIP
     * LOCKED) rather than waited for and found taken.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @QueryHints(@QueryHint(name = "jakarta.persistence.lock.timeout", value = "-2"))
    Optional<AddressLease> findFirstByNetworkIdAndFamilyAndReleasedAtBetweenOrderByReleasedAtAscAddressIndexAsc(
            long networkId, AddressFamily family, Instant from, Instant to);

    long countByNetworkIdAndFamilyAndReleasedAtIsNull(long networkId, AddressFamily family);

    long countByNetworkIdAndFamilyAndReleasedAtGreaterThan(long networkId, AddressFamily family, Instant releasedAfter);

    Optional<AddressLease> findFirstByNetworkIdAndFamilyAndReleasedAtGreaterThanOrderByReleasedAtAsc(
            long networkId, AddressFamily family, Instant releasedAfter);
}
