package dev.tunnelgate.gateways;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records that an agent was heard from, at most every few seconds per member so polls stay cheap. A plain update
 * without the entity's version, so a poll never conflicts with a status report being stored at the same time.
 */
@Component
@Transactional
class GatewayMembers {
    private static final Duration RESOLUTION = Duration.ofSeconds(5);

    private final JdbcTemplate jdbc;
    private final Clock clock;

    GatewayMembers(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** False once the member is revoked: a long-poll that was waiting then gets no answer but a 401. */
    @Transactional(readOnly = true)
    boolean active(long memberId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select revoked_at is null from gateway_member where id = ?",
                Boolean.class, memberId));
    }

    void contacted(long memberId) {
        var now = clock.instant();
        jdbc.update("update gateway_member set last_contact_at = ? where id = ? and (last_contact_at is null or last_contact_at < ?)",
                Timestamp.from(now), memberId, Timestamp.from(now.minus(RESOLUTION)));
    }
}
