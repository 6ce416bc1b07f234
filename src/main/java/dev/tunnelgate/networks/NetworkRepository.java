package dev.tunnelgate.networks;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface NetworkRepository extends JpaRepository<Network, Long> {
    Optional<Network> findByNameIgnoreCase(String name);

    Optional<Network> findByNameKey(String nameKey);

    Slice<Network> findAllByOrderByNameAscIdAsc(Pageable pageable);

    /** Row-locks one network until the transaction ends; empty when there is none. Reads only the id. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select n.id from Network n where n.id = :id")
    Optional<Long> lockById(@Param("id") long id);

    /** Row-locks one network until the transaction ends and reads its version then; empty when there is none. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select n.version from Network n where n.id = :id")
    Optional<Integer> lockVersion(@Param("id") long id);
}
