package dev.tunnelgate.gateways;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface GatewayGroupRepository extends JpaRepository<GatewayGroup, Long> {
    List<GatewayGroup> findAllByOrderByNameAscIdAsc();

    Slice<GatewayGroup> findAllByOrderByNameAscIdAsc(Pageable pageable);

    Optional<GatewayGroup> findByNameKey(String nameKey);

    @Query("select g from GatewayGroup g join g.networkIds n where n = :networkId")
    Optional<GatewayGroup> findServing(@Param("networkId") long networkId);

    /** Row-locks one group until the transaction ends and reads its version then; empty when there is none. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select g.version from GatewayGroup g where g.id = :id")
    Optional<Integer> lockVersion(@Param("id") long id);
}
