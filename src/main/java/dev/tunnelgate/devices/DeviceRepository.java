package dev.tunnelgate.devices;

import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface DeviceRepository extends JpaRepository<Device, Long> {
    boolean existsByPublicKey(String publicKey);

    boolean existsByOwnerIdAndNameKey(long ownerId, String nameKey);

    /** The device, locked until the transaction ends: its status changes one decision at a time. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select d from Device d where d.id = :id")
    Optional<Device> findForUpdate(@Param("id") long id);

    long countByOwnerIdAndNetworkIdAndStatusIn(long ownerId, long networkId, Collection<DeviceStatus> statuses);

    Slice<Device> findByOwnerIdOrderByCreatedAtDescIdDesc(long ownerId, Pageable pageable);

    Slice<Device> findByStatusOrderByCreatedAtAscIdAsc(DeviceStatus status, Pageable pageable);

    List<Device> findByNetworkIdInAndStatus(Collection<Long> networkIds, DeviceStatus status);

    Optional<Device> findByPublicKey(String publicKey);

    /** The device whose current or next key this is. */
    @Query("select d from Device d where d.publicKey = :key or d.nextPublicKey = :key")
    Optional<Device> findByAnyKey(@Param("key") String publicKey);

    @Query(
            "select d from Device d where (d.publicKey in :keys or d.nextPublicKey in :keys) and d.networkId in :networks")
    List<Device> findByAnyKeyIn(
            @Param("keys") Collection<String> publicKeys, @Param("networks") Collection<Long> networkIds);

    @Query("select d.id from Device d where d.nextPublicKey in :keys order by d.id")
    List<Long> findIdsByNextKeyIn(@Param("keys") Collection<String> publicKeys);

    @Query("select d.id from Device d where d.rotationEndsAt <= :now order by d.id")
    List<Long> findIdsByRotationEndingBy(@Param("now") java.time.Instant now);

    List<Device> findByPublicKeyInAndNetworkIdIn(Collection<String> publicKeys, Collection<Long> networkIds);

    /** What the config last handed out carried; the version stays, as the device itself did not change. */
    @Modifying
    @Query("update Device d set d.configAllowedIps = :allowedIps where d.id = :id")
    int recordConfigAllowedIps(@Param("id") long id, @Param("allowedIps") String allowedIps);

    /**
     * {public key, device id, network id} of the devices whose current key is one of these. No network condition:
     * the unique key index is the only way in, however stale the planner's statistics (with a network condition,
     * PostgreSQL chose the network's index on a freshly seeded table and compared each of its rows with 1,000 keys).
     */
    @Query("select d.publicKey, d.id, d.networkId from Device d where d.publicKey in :keys")
    List<Object[]> findIdsByPublicKey(@Param("keys") Collection<String> keys);

    /** {public key, device id, network id} of the devices rotating to one of these keys. */
    @Query("select d.nextPublicKey, d.id, d.networkId from Device d where d.nextPublicKey in :keys")
    List<Object[]> findIdsByNextPublicKey(@Param("keys") Collection<String> keys);

    /** Which of these keys a device of these networks has or ever had (see {@code device_key}). */
    @Query(
            value = "select k.public_key from device_key k join device d on d.id = k.device_id"
                    + " where k.public_key in (:keys) and d.network_id in (:networks)",
            nativeQuery = true)
    List<String> findKnownKeys(@Param("keys") Collection<String> keys, @Param("networks") Collection<Long> networkIds);

    @Query("select d.id from Device d where d.ownerId = :owner and d.status in :statuses order by d.id")
    List<Long> findIdsByOwner(@Param("owner") long ownerId, @Param("statuses") Collection<DeviceStatus> statuses);
}
