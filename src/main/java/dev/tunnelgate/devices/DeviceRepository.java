package dev.tunnelgate.devices;

import java.util.Collection;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.JpaRepository;

interface DeviceRepository extends JpaRepository<Device, Long> {
    boolean existsByPublicKey(String publicKey);

    boolean existsByOwnerIdAndNameIgnoreCase(long ownerId, String name);

    long countByOwnerIdAndNetworkIdAndStatusIn(long ownerId, long networkId, Collection<DeviceStatus> statuses);

    Slice<Device> findByOwnerIdOrderByCreatedAtDescIdDesc(long ownerId, Pageable pageable);

    Slice<Device> findByStatusOrderByCreatedAtAscIdAsc(DeviceStatus status, Pageable pageable);
}
