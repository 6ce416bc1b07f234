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

    /**
     * These devices, locked in id order until the transaction ends: a transaction that changes many devices takes
     * all their locks before it touches their networks and groups, as a single-device change does, so the two never
     * wait on each other crosswise.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select d from Device d where d.id in :ids order by d.id")
    List<Device> findAllForUpdate(@Param("ids") Collection<Long> ids);

    long countByOwnerIdAndNetworkIdAndStatusIn(long ownerId, long networkId, Collection<DeviceStatus> statuses);

    Slice<Device> findByOwnerIdOrderByCreatedAtDescIdDesc(long ownerId, Pageable pageable);

    Slice<Device> findByOwnerIdAndStatusInOrderByCreatedAtDescIdDesc(
            long ownerId, Collection<DeviceStatus> statuses, Pageable pageable);

    /** {status, count} of one owner's devices, one row per status the owner has. */
    @Query("select d.status, count(d) from Device d where d.ownerId = :owner group by d.status")
    List<Object[]> countByStatusOfOwner(@Param("owner") long ownerId);

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
     * {current key, next key or null, device id} of every device of these networks. One scan by network for a whole
     * report, rather than key lists of 1,000 bind parameters: PostgreSQL planned those as a sequential scan comparing
     * each row with every parameter once the table had many dead rows and stale statistics (seconds per report).
     */
    @Query("select d.publicKey, d.nextPublicKey, d.id from Device d where d.networkId in :networks")
    List<Object[]> findKeysByNetworkIdIn(@Param("networks") Collection<Long> networkIds);

    /** Which of these keys a device of these networks has or ever had (see {@code device_key}). */
    @Query(
            value = "select k.public_key from device_key k join device d on d.id = k.device_id"
                    + " where k.public_key in (:keys) and d.network_id in (:networks)",
            nativeQuery = true)
    List<String> findKnownKeys(@Param("keys") Collection<String> keys, @Param("networks") Collection<Long> networkIds);

    @Query("select d.id from Device d where d.ownerId = :owner and d.status in :statuses order by d.id")
    List<Long> findIdsByOwner(@Param("owner") long ownerId, @Param("statuses") Collection<DeviceStatus> statuses);
}
