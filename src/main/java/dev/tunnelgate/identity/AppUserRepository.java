package dev.tunnelgate.identity;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface AppUserRepository extends JpaRepository<AppUser, Long> {
    Optional<AppUser> findByIssuerAndSubject(String issuer, String subject);

    Slice<AppUser> findAllByOrderByDisplayNameAscIdAsc(Pageable pageable);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select u from AppUser u where u.id = :id")
    Optional<AppUser> lockById(@Param("id") long id);

    /** When the account was offboarded; empty when it is not (or there is no such account). */
    @Query("select u.offboardedAt from AppUser u where u.id = :id")
    Optional<Instant> findOffboardedAt(@Param("id") long id);
}
