package dev.tunnelgate.policy;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface AccessPolicyRepository extends JpaRepository<AccessPolicy, Long> {
    Optional<AccessPolicy> findByNameKey(String nameKey);

    Slice<AccessPolicy> findAllByOrderByNameAscIdAsc(Pageable pageable);

    /** Row-locks one policy until the transaction ends. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select p from AccessPolicy p where p.id = :id")
    Optional<AccessPolicy> lockById(@Param("id") long id);
}
