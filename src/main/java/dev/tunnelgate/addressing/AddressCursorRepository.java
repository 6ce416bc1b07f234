package dev.tunnelgate.addressing;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

interface AddressCursorRepository extends Repository<AddressCursor, AddressCursor.Key> {
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    Optional<AddressCursor> findById(AddressCursor.Key key);

    AddressCursor save(AddressCursor cursor);

    /**
     * Serialises the creation of a network's first cursors, which no row lock can cover yet; returns
     * 0 when the network does not exist. An update that leaves the key alone, rather than SELECT FOR
     * UPDATE: on PostgreSQL it takes a NO KEY UPDATE lock, which the foreign-key checks of concurrent
     * lease inserts (KEY SHARE) do not queue behind, so they cannot deadlock with it.
     */
    @Modifying(flushAutomatically = true)
    @Query(value = "update network set version = version where id = :networkId", nativeQuery = true)
    int lockNetwork(@Param("networkId") long networkId);
}
