package dev.tunnelgate.networks;

import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.JpaRepository;

interface NetworkRepository extends JpaRepository<Network, Long> {
    Optional<Network> findByNameIgnoreCase(String name);

    Optional<Network> findByNameKey(String nameKey);

    Slice<Network> findAllByOrderByNameAscIdAsc(Pageable pageable);
}
