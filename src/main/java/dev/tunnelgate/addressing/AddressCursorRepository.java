package dev.tunnelgate.addressing;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

interface AddressCursorRepository extends Repository<AddressCursor, AddressCursor.Key> {
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    Optional<AddressCursor> findById(AddressCursor.Key key);

    AddressCursor save(AddressCursor cursor);

    /** Serialises the creation of a network's first cursor, which no row lock can cover yet. */
    @Query(value = "select id from network where id = :networkId for update", nativeQuery = true)
    Optional<Long> lockNetwork(@Param("networkId") long networkId);
}
