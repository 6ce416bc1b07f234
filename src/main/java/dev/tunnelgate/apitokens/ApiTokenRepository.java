package dev.tunnelgate.apitokens;

import java.time.Instant;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ApiTokenRepository extends JpaRepository<ApiToken, Long> {
    List<ApiToken> findByUserIdOrderByCreatedAtDescIdDesc(long userId);

    @Query("select count(t) from ApiToken t where t.userId = :userId and t.revokedAt is null and t.expiresAt > :now")
    long countUsable(@Param("userId") long userId, @Param("now") Instant now);

    /** Notes a use, at most once a minute per token, so that a busy script does not write a row per request. */
    @Modifying
    @Query(
            "update ApiToken t set t.lastUsedAt = :now where t.id = :id and (t.lastUsedAt is null or t.lastUsedAt < :before)")
    int markUsed(@Param("id") long id, @Param("now") Instant now, @Param("before") Instant before);
}
