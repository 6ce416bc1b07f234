package dev.tunnelgate.addressing;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.repository.Repository;

interface AddressCursorRepository extends Repository<AddressCursor, AddressCursor.Key> {
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    Optional<AddressCursor> findById(AddressCursor.Key key);

    AddressCursor save(AddressCursor cursor);
}
