package dev.tunnelgate.identity;

import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.JpaRepository;

interface AppUserRepository extends JpaRepository<AppUser, Long> {
    Optional<AppUser> findByIssuerAndSubject(String issuer, String subject);

    Slice<AppUser> findAllByOrderByDisplayNameAscIdAsc(Pageable pageable);
}
