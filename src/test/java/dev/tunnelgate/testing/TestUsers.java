package dev.tunnelgate.testing;

import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;

/** Accounts for tests, as a first sign-in would leave them, and running code as one of them. */
public final class TestUsers {
    private TestUsers() {}

    /** A user with this display name (and a random subject, so names may repeat); returns its id. */
    public static long insert(JdbcTemplate jdbc, String displayName) {
        var subject = UUID.randomUUID().toString();
        jdbc.update(
                "insert into app_user (version, issuer, subject, display_name, roles, created_at, last_login_at)"
                        + " values (0, 'https://idp.test', ?, ?, '[USER]', ?, ?)",
                subject,
                displayName,
                Timestamp.from(Instant.now()),
                Timestamp.from(Instant.now()));
        return Objects.requireNonNull(
                jdbc.queryForObject("select id from app_user where subject = ?", Long.class, subject));
    }

    /** Runs {@code action} signed in as this user with these roles (USER when none are given). */
    public static <T> T as(long userId, Supplier<T> action, String... roles) {
        var context = SecurityContextHolder.getContext();
        var previous = context.getAuthentication();
        context.setAuthentication(TestLogins.as(
                userId, "user " + userId, Set.of(), roles.length == 0 ? new String[] {Roles.USER} : roles));
        try {
            return action.get();
        } finally {
            context.setAuthentication(previous);
        }
    }
}
