package dev.tunnelgate.policy;

import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface DestinationRepository extends JpaRepository<Destination, Long> {
    Optional<Destination> findByNameKey(String nameKey);

    Slice<Destination> findAllByOrderByNameAscIdAsc(Pageable pageable);

    /** Row-locks these destinations until the transaction ends, in id order; returns the ids that exist. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select d.id from Destination d where d.id in :ids order by d.id")
    List<Long> lockAll(@Param("ids") Collection<Long> ids);
}
