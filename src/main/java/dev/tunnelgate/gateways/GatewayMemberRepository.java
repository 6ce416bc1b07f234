package dev.tunnelgate.gateways;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface GatewayMemberRepository extends JpaRepository<GatewayMember, Long> {
    List<GatewayMember> findByGroupIdOrderByNameAscIdAsc(long groupId);

    List<GatewayMember> findByGroupIdAndRevokedAtIsNullOrderByNameAscIdAsc(long groupId);

    boolean existsByGroupIdAndNameKey(long groupId, String nameKey);
}
