package dev.tunnelgate.apitokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.testing.ApiClient;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.Race;
import dev.tunnelgate.testing.TestUsers;
import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.InvalidInputException;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Personal access tokens over real HTTP: who they act as, their scope, expiry, revocation and audited failures. */
class ApiTokensIT extends PortalIntegrationTest {
    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApiTokenService tokens;

    ApiClient api;
    long alice;

    @BeforeEach
    void setUp() {
        api = new ApiClient(baseUrl());
        alice = TestUsers.insert(jdbc, "Token owner");
    }

    private long auditCount(String action, String target) {
        return Objects.requireNonNull(jdbc.queryForObject(
                "select count(*) from audit_event where action = ? and target = ?", Long.class, action, target));
    }

    @Test
    void a_token_acts_as_its_user_with_the_roles_stored_now() {
        var token = ApiClient.token(jdbc, tokens, alice, ApiTokenScope.READ_ONLY, Roles.APPROVER);

        var me = api.get(token, "/api/v1/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("userId").asLong()).isEqualTo(alice);
        assertThat(me.json().get("roles").toString()).contains("APPROVER", "USER");
        assertThat(me.json().get("scope").asString()).isEqualTo("READ_ONLY");

        // Demoted at the next sign-in: the token follows at once.
        jdbc.update("update app_user set roles = '[USER]' where id = ?", alice);
        assertThat(api.get(token, "/api/v1/me").json().get("roles").toString()).doesNotContain("APPROVER");
        assertThat(jdbc.queryForObject("select last_used_at from api_token where user_id = ?", Object.class, alice))
                .isNotNull();
    }

    @Test
    void requests_without_a_valid_token_are_refused_alike_and_audited_once_a_minute() {
        var good = ApiClient.token(jdbc, tokens, alice, ApiTokenScope.READ_WRITE);
        var id = good.split("\\.")[1];
        var wrongSecret = good.substring(0, good.length() - 4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");

        for (var header :
                new String[] {null, "Bearer ", "Bearer nonsense", "Basic " + good, "Bearer tgp1.99999999.x"}) {
            var response = header == null
                    ? api.get(null, "/api/v1/me")
                    : api.send("GET", "/api/v1/me", null, null, "Authorization", header);
            assertThat(response.status()).as(String.valueOf(header)).isEqualTo(401);
            assertThat(response.problem()).isEqualTo("unauthorized");
            assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        }
        var before = auditCount("api-token.auth-failed", "api-token:" + id);
        assertThat(api.get(wrongSecret, "/api/v1/me").status()).isEqualTo(401);
        assertThat(api.get(wrongSecret, "/api/v1/me").status()).isEqualTo(401);
        assertThat(auditCount("api-token.auth-failed", "api-token:" + id)).isEqualTo(before + 1);
        // The right token still works.
        assertThat(api.get(good, "/api/v1/me").status()).isEqualTo(200);
    }

    @Test
    void revoked_expired_and_offboarded_tokens_stop_working() {
        var revoked = ApiClient.token(jdbc, tokens, alice, ApiTokenScope.READ_WRITE);
        var expired = ApiClient.token(jdbc, tokens, alice, ApiTokenScope.READ_WRITE);
        var revokedId = Long.parseLong(revoked.split("\\.")[1]);

        assertThat(api.send("DELETE", "/api/v1/tokens/" + revokedId, revoked, null)
                        .status())
                .isEqualTo(204);
        assertThat(api.get(revoked, "/api/v1/me").status()).isEqualTo(401);
        assertThat(auditCount("api-token.revoked", "api-token:" + revokedId)).isEqualTo(1);

        jdbc.update(
                "update api_token set created_at = created_at - interval '40' day,"
                        + " expires_at = created_at - interval '39' day where id = ?",
                Long.parseLong(expired.split("\\.")[1]));
        assertThat(api.get(expired, "/api/v1/me").status()).isEqualTo(401);

        var bob = TestUsers.insert(jdbc, "Token other");
        var bobs = ApiClient.token(jdbc, tokens, bob, ApiTokenScope.READ_ONLY);
        assertThat(api.get(bobs, "/api/v1/me").status()).isEqualTo(200);
        jdbc.update("update app_user set offboarded_at = current_timestamp where id = ?", bob);
        assertThat(api.get(bobs, "/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void a_read_only_token_reads_but_changes_nothing() {
        var readOnly = ApiClient.token(jdbc, tokens, alice, ApiTokenScope.READ_ONLY);
        var id = readOnly.split("\\.")[1];

        var refused = api.send("DELETE", "/api/v1/tokens/" + id, readOnly, null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.problem()).isEqualTo("read-only-token");
        assertThat(api.get(readOnly, "/api/v1/tokens")
                        .json()
                        .get(0)
                        .get("revokedAt")
                        .isNull())
                .isTrue();
    }

    @Test
    void another_users_token_is_not_found() {
        var bob = TestUsers.insert(jdbc, "Token other");
        var bobs = ApiClient.token(jdbc, tokens, bob, ApiTokenScope.READ_WRITE);
        var alices = ApiClient.token(jdbc, tokens, alice, ApiTokenScope.READ_WRITE, Roles.ADMIN);

        var response = api.send("DELETE", "/api/v1/tokens/" + bobs.split("\\.")[1], alices, null);
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.problem()).isEqualTo("not-found");
        assertThat(api.get(bobs, "/api/v1/me").status()).isEqualTo(200);
        assertThat(api.get(alices, "/api/v1/tokens").json().size()).isEqualTo(1);
    }

    @Test
    void unknown_paths_and_methods_are_problems_not_pages() {
        var token = ApiClient.token(jdbc, tokens, alice, ApiTokenScope.READ_WRITE);

        var unknown = api.get(token, "/api/v1/no-such-thing");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.problem()).isEqualTo("no-such-endpoint");

        var wrongMethod = api.send("PUT", "/api/v1/me", token, "{}");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Allow")).isEqualTo("GET");

        var badId = api.send("DELETE", "/api/v1/tokens/abc", token, null);
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().get("field").asString()).isEqualTo("id");
    }

    @Test
    void tokens_are_made_only_within_the_limits() {
        TestUsers.as(alice, () -> {
            assertThatThrownBy(() -> tokens.create(" ", ApiTokenScope.READ_ONLY, Duration.ofDays(1)))
                    .isInstanceOf(InvalidInputException.class)
                    .extracting(e -> ((InvalidInputException) e).field())
                    .isEqualTo(ApiTokenField.NAME);
            assertThatThrownBy(() -> tokens.create("ci", null, Duration.ofDays(1)))
                    .extracting(e -> ((InvalidInputException) e).field())
                    .isEqualTo(ApiTokenField.SCOPE);
            assertThatThrownBy(() -> tokens.create(
                            "ci", ApiTokenScope.READ_ONLY, tokens.maxLifetime().plusDays(1)))
                    .extracting(e -> ((InvalidInputException) e).field())
                    .isEqualTo(ApiTokenField.LIFETIME);
            assertThatThrownBy(() -> tokens.create("ci\nforged", ApiTokenScope.READ_ONLY, Duration.ofDays(1)))
                    .isInstanceOf(InvalidInputException.class);
            return null;
        });
        assertThat(jdbc.queryForObject("select count(*) from api_token where user_id = ?", Long.class, alice))
                .isZero();
    }

    @Test
    void parallel_creations_never_pass_the_per_user_limit() {
        var outcomes = Race.run(
                25, () -> TestUsers.as(alice, () -> tokens.create("ci", ApiTokenScope.READ_ONLY, Duration.ofDays(2))));

        Race.assertRefusedLikeOneByOne(outcomes, 20, null, "usable tokens");
        assertThat(jdbc.queryForObject("select count(*) from api_token where user_id = ?", Long.class, alice))
                .isEqualTo(20);
        assertThat(outcomes)
                .filteredOn(o -> !o.succeeded())
                .allSatisfy(o -> assertThat(o.error()).isInstanceOf(ConflictException.class));
    }
}
