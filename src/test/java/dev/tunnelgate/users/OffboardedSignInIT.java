package dev.tunnelgate.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.devices.Offboarding;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.UserDirectory;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestClock;
import dev.tunnelgate.testing.TestUsers;
import dev.tunnelgate.testing.WebWalker;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * An offboarded user through the real sign-in: portal → embedded IdP → callback. The sign-in is refused with a page
 * that says why, audited at most once a minute; a session that was open loses its next request; restoring the
 * account lets the user in again.
 */
class OffboardedSignInIT extends PortalIntegrationTest {
    /** A demo user of the dev IdP that the other sign-in tests do not need while this one runs. */
    private static final String LEAVER = "carol";

    @Autowired
    Offboarding offboarding;

    @Autowired
    UserDirectory directory;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TestClock clock;

    long admin;
    long leaver = -1;

    @AfterEach
    void restoreAndResetTheClock() {
        clock.reset();
        if (leaver > 0 && isOffboarded()) {
            asAdmin(() -> {
                directory.restore(leaver);
                return null;
            });
        }
        SecurityContextHolder.clearContext();
    }

    private <T> T asAdmin(Supplier<T> action) {
        return TestUsers.as(admin, action, Roles.USER, Roles.ADMIN);
    }

    private boolean isOffboarded() {
        return jdbc.queryForObject("select offboarded_at from app_user where id = ?", Timestamp.class, leaver) != null;
    }

    /** Signs in through the IdP with a fresh browser and returns the page it ends on. */
    private HttpResponse<String> signIn(WebWalker walker) {
        var loginPage = walker.follow(baseUrl() + "/");
        assertThat(loginPage.uri().getPath()).isEqualTo("/idp/login");
        var afterLogin = walker.submitIdpLogin(loginPage, LEAVER, LEAVER);
        return walker.follow(WebWalker.location(afterLogin));
    }

    private int audited(String action, Instant since) {
        return jdbc.queryForObject(
                "select count(*) from audit_event where action = ? and target = ? and occurred_at >= ?",
                Integer.class,
                action,
                "user:" + leaver,
                Timestamp.from(since));
    }

    private static void assertRefusedAsOffboarded(HttpResponse<String> page) {
        assertThat(page.uri().getPath()).isEqualTo("/login-error");
        assertThat(page.uri().getQuery()).isEqualTo("error=account_offboarded");
        assertThat(page.statusCode()).isEqualTo(401);
        assertThat(page.body()).contains("offboarded by an administrator").doesNotContain("Exception");
    }

    @Test
    void an_offboarded_user_is_refused_at_sign_in_loses_an_open_session_and_gets_in_again_once_restored() {
        var start = Instant.now().minusSeconds(1);
        admin = TestUsers.insert(jdbc, "Sign-in admin");
        var open = new WebWalker();
        var landing = signIn(open);
        assertThat(landing.uri().getPath()).isEqualTo("/");
        assertThat(landing.statusCode()).isEqualTo(200);
        leaver = jdbc.queryForObject(
                "select id from app_user where issuer = ? and subject = ?", Long.class, baseUrl(), LEAVER);
        assertThat(audited("user.signed-in", start)).isEqualTo(1);
        assertThat(open.get(baseUrl() + "/").statusCode()).as("signed in").isEqualTo(200);

        asAdmin(() -> offboarding.offboard(leaver));
        var lastLogin = jdbc.queryForObject("select last_login_at from app_user where id = ?", Timestamp.class, leaver);

        // The open session: its next request ends it, and the one after starts a new sign-in.
        assertThat(WebWalker.location(open.get(baseUrl() + "/")))
                .isEqualTo(baseUrl() + "/login-error?error=account_offboarded");
        assertThat(WebWalker.location(open.get(baseUrl() + "/"))).isEqualTo(baseUrl() + "/oauth2/authorization/sso");

        // A new sign-in is refused with the reason, audited once however often it is tried within a minute.
        assertRefusedAsOffboarded(signIn(new WebWalker()));
        assertRefusedAsOffboarded(signIn(new WebWalker()));
        assertThat(audited("user.sign-in-refused", start)).isEqualTo(1);
        clock.advance(Duration.ofSeconds(61));
        assertRefusedAsOffboarded(signIn(new WebWalker()));
        assertThat(audited("user.sign-in-refused", start)).isEqualTo(2);
        assertThat(audited("user.signed-in", start)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select last_login_at from app_user where id = ?", Timestamp.class, leaver))
                .as("a refused sign-in changes nothing")
                .isEqualTo(lastLogin);

        asAdmin(() -> {
            directory.restore(leaver);
            return null;
        });
        var again = new WebWalker();
        var back = signIn(again);
        assertThat(back.uri().getPath()).isEqualTo("/");
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(again.get(baseUrl() + "/").statusCode()).isEqualTo(200);
        assertThat(audited("user.signed-in", start)).isEqualTo(2);
    }
}
