package dev.tunnelgate.gateways;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface GatewayGroupRepository extends JpaRepository<GatewayGroup, Long> {
    List<GatewayGroup> findAllByOrderByNameAscIdAsc();

    Optional<GatewayGroup> findByNameKey(String nameKey);

    @Query("select g from GatewayGroup g join g.networkIds n where n = :networkId")
    Optional<GatewayGroup> findServing(@Param("networkId") long networkId);
}
