package dev.tunnelgate.scim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.Race;
import dev.tunnelgate.testing.TestClock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What /scim/v2 refuses, and how: a missing or wrong token (401, audited once a minute), bodies that are too large,
 * malformed or carry unsafe text (400, nothing stored), filters it does not support (400 invalidFilter), clashes
 * (409 uniqueness), changes of the subject (400 mutability), unknown ids and paths (404) — always as SCIM error
 * bodies. Attributes it does not keep are accepted and ignored. Two changes of one group at once both count.
 */
class ScimRefusalsIT extends PortalIntegrationTest {
    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TestClock clock;

    ScimClient scim;
    final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void setUp() {
        scim = new ScimClient(baseUrl(), SCIM_TOKEN);
    }

    @AfterEach
    void resetTheClock() {
        clock.reset();
    }

    private long provisionedUsers() {
        return Objects.requireNonNull(
                jdbc.queryForObject("select count(*) from app_user where scim_user_name is not null", Long.class));
    }

    private long scimGroups() {
        return Objects.requireNonNull(jdbc.queryForObject("select count(*) from scim_group", Long.class));
    }

    private String user(String userName, String externalId) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":" + json(userName)
                + ",\"externalId\":" + json(externalId) + ",\"active\":true}";
    }

    private static String json(String text) {
        return ScimClient.JSON.writeValueAsString(text);
    }

    private String createUser(String userName) {
        var created =
                scim.send("POST", "/Users", user(userName, UUID.randomUUID().toString()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.id();
    }

    private String createGroup(String displayName) {
        var created = scim.send(
                "POST",
                "/Groups",
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":" + json(displayName)
                        + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.id();
    }

    private long audits() {
        return Objects.requireNonNull(jdbc.queryForObject(
                "select count(*) from audit_event where action = 'scim.auth-failed' and target = 'system:scim'",
                Long.class));
    }

    @Test
    void requests_without_the_token_are_refused_alike_and_audited_once_a_minute() {
        for (var token : new String[] {null, "wrong-token-wrong-token-wrong-token-wrong", SCIM_TOKEN + "x", ""}) {
            var response = new ScimClient(baseUrl(), token).get("/Users");
            assertThat(response.status()).as(String.valueOf(token)).isEqualTo(401);
            assertThat(response.scimType()).isEmpty();
            assertThat(response.body()).doesNotContain(SCIM_TOKEN);
        }
        var wrong = new ScimClient(baseUrl(), "another-wrong-token-of-some-length-0000");
        assertThat(wrong.send("POST", "/Users", user("intruder-" + run, "x")).status())
                .isEqualTo(401);
        assertThat(provisionedUsersNamed("intruder-" + run)).isZero();

        // A fresh window: the refusals above are more than a minute ago on the test clock.
        clock.advance(Duration.ofMinutes(5));
        var before = audits();
        for (int i = 0; i < 3; i++) {
            assertThat(new ScimClient(baseUrl(), null).get("/Users").status()).isEqualTo(401);
            assertThat(wrong.get("/Users").status()).isEqualTo(401);
        }
        // "no token" and "wrong token" are two reasons: one event each within the minute.
        assertThat(audits()).isEqualTo(before + 2);
        assertThat(jdbc.queryForObject(
                        "select details from audit_event where action = 'scim.auth-failed' order by id desc limit 1",
                        String.class))
                .contains("reason=wrong token");
        // The right token still works, and the discovery documents need it too.
        assertThat(scim.get("/Users?count=1").status()).isEqualTo(200);
        assertThat(new ScimClient(baseUrl(), null).get("/ServiceProviderConfig").status())
                .isEqualTo(401);
    }

    private long provisionedUsersNamed(String userName) {
        return Objects.requireNonNull(
                jdbc.queryForObject("select count(*) from app_user where scim_user_name = ?", Long.class, userName));
    }

    @Test
    void hostile_user_bodies_are_refused_and_store_nothing() {
        var before = provisionedUsers();
        var oversized = scim.send(
                "POST",
                "/Users",
                "{\"userName\":\"big-" + run + "\",\"externalId\":\"big-" + run + "\",\"title\":\""
                        + "x".repeat(70 * 1024) + "\"}");
        assertThat(oversized.status()).isEqualTo(413);
        assertThat(oversized.scimType()).isEmpty();

        for (var userName :
                List.of("a\u0000b-" + run, "line\nbreak-" + run, "rtl\u202Eoverride-" + run, "x".repeat(257))) {
            var refused =
                    scim.send("POST", "/Users", user(userName, UUID.randomUUID().toString()));
            assertThat(refused.status()).as(userName).isEqualTo(400);
            assertThat(refused.scimType()).isEqualTo("invalidValue");
            assertThat(refused.body()).doesNotContain("\u0000").doesNotContain("\u202E");
        }
        var badExternalId = scim.send("POST", "/Users", user("ok-" + run, "tab\there"));
        assertThat(badExternalId.scimType()).isEqualTo("invalidValue");
        assertThat(scim.send("POST", "/Users", "{\"userName\": 42, \"externalId\":\"n-" + run + "\"}")
                        .scimType())
                .isEqualTo("invalidValue");
        assertThat(scim.send("POST", "/Users", "{\"externalId\":\"n-" + run + "\"}")
                        .scimType())
                .isEqualTo("invalidValue");
        assertThat(scim.send("POST", "/Users", "{\"userName\":\"no-subject-" + run + "\"}")
                        .scimType())
                .as("externalId is the subject")
                .isEqualTo("invalidValue");
        assertThat(scim.send(
                                "POST",
                                "/Users",
                                user("bad-mail-" + run, "m-" + run)
                                        .replace("\"active\":true", "\"emails\":[{\"value\":\"not an address\"}]"))
                        .scimType())
                .isEqualTo("invalidValue");
        assertThat(scim.send("POST", "/Users", "{\"userName\": \"x\"").scimType())
                .isEqualTo("invalidSyntax");
        assertThat(scim.send("POST", "/Users", "[1, 2]").scimType()).isEqualTo("invalidSyntax");
        assertThat(scim.send("POST", "/Users", "").scimType()).isEqualTo("invalidSyntax");
        assertThat(provisionedUsers()).isEqualTo(before);
    }

    @Test
    void attributes_the_portal_does_not_keep_are_accepted_and_ignored() {
        var body = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\","
                + "\"urn:example:custom:1.0\"],\"userName\":\"extra-" + run + "\",\"externalId\":\"extra-" + run
                + "\",\"nickName\":\"Nick\",\"phoneNumbers\":[{\"value\":\"+1 555\",\"type\":\"work\"}],"
                + "\"urn:example:custom:1.0\":{\"costCenter\":\"42\",\"nested\":{\"deep\":[1,2,3]}},"
                + "\"Active\":true,\"unknownTopLevel\":null}";
        var created = scim.send("POST", "/Users", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("costCenter").doesNotContain("Nick");
        var patched = scim.send(
                "PATCH",
                "/Users/" + created.id(),
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"add\","
                        + "\"path\":\"urn:example:custom:1.0:costCenter\",\"value\":\"7\"}]}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    }

    @Test
    void unsupported_or_malformed_filters_are_refused_as_invalid_filter() {
        for (var filter : List.of(
                "userName co \"x\"",
                "userName sw \"x\"",
                "userName xx \"x\"",
                "userName eq \"x\" and active eq true",
                "userName eq \"x\" or userName eq \"y\"",
                "not (userName eq \"x\")",
                "title eq \"x\"",
                "emails[type eq \"work\"].value eq \"x\"",
                "active eq true",
                "userName eq",
                "userName eq \"a\u0000b\"",
                "))((",
                "userName eq \"" + "x".repeat(2000) + "\"")) {
            var refused = scim.get("/Users?" + ScimClient.filter(filter));
            assertThat(refused.status()).as(filter).isEqualTo(400);
            assertThat(refused.scimType()).as(filter).isEqualTo("invalidFilter");
        }
        assertThat(scim.get("/Groups?" + ScimClient.filter("members eq \"1\"")).scimType())
                .isEqualTo("invalidFilter");
        assertThat(scim.get("/Users?startIndex=first").scimType()).isEqualTo("invalidValue");
        // Attribute names and the operator are case-insensitive.
        assertThat(scim.get("/Users?" + ScimClient.filter("USERNAME EQ \"nobody-" + run + "\""))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void clashes_are_uniqueness_and_the_subject_cannot_change() {
        var userName = "Clash-" + run + "@example.com";
        var externalId = UUID.randomUUID().toString();
        var created = scim.send("POST", "/Users", user(userName, externalId));
        assertThat(created.status()).isEqualTo(201);
        assertThat(scim.send(
                                "POST",
                                "/Users",
                                user(userName.toLowerCase(), UUID.randomUUID().toString()))
                        .scimType())
                .isEqualTo("uniqueness");
        assertThat(scim.send("POST", "/Users", user("other-" + run, externalId)).scimType())
                .isEqualTo("uniqueness");

        var other = createUser("second-" + run + "@example.com");
        var rename = scim.send(
                "PATCH",
                "/Users/" + other,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":"
                        + "\"replace\",\"path\":\"userName\",\"value\":" + json(userName.toUpperCase()) + "}]}");
        assertThat(rename.status()).isEqualTo(409);
        assertThat(rename.scimType()).isEqualTo("uniqueness");

        var mutate = scim.send(
                "PATCH",
                "/Users/" + created.id(),
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":"
                        + "\"replace\",\"path\":\"externalId\",\"value\":\"someone-else\"}]}");
        assertThat(mutate.status()).isEqualTo(400);
        assertThat(mutate.scimType()).isEqualTo("mutability");
        assertThat(jdbc.queryForObject(
                        "select scim_external_id from app_user where id = ?",
                        String.class,
                        Long.parseLong(created.id())))
                .isEqualTo(externalId);

        var group = "clash-group-" + run;
        createGroup(group);
        var twin = scim.send(
                "POST",
                "/Groups",
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"/" + group + "\"}");
        assertThat(twin.status()).as("the same recorded name").isEqualTo(409);
        assertThat(twin.scimType()).isEqualTo("uniqueness");
    }

    @Test
    void bad_patches_and_unknown_members_change_nothing() {
        var member = createUser("member-" + run + "@example.com");
        var group = createGroup("patched-" + run);
        var add = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"add\","
                + "\"path\":\"members\",\"value\":[{\"value\":\"%s\"}]}]}";
        assertThat(scim.send("PATCH", "/Groups/" + group, add.formatted(member)).status())
                .isEqualTo(204);

        var groupsBefore = scimGroups();
        for (var refused : List.of(
                add.formatted("999999999999"),
                add.formatted("not-a-number"),
                add.formatted(member)
                        .replace("]}]}", "]},{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"0\"}]}]}"),
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"bogus\","
                        + "\"path\":\"members\"}]}",
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[]}",
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"]}",
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\","
                        + "\"path\":\"displayName\",\"value\":\"bad\\u0007bell\"}]}",
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"remove\","
                        + "\"path\":\"displayName\"}]}",
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\","
                        + "\"path\":\"a.b.c\",\"value\":1}]}")) {
            var response = scim.send("PATCH", "/Groups/" + group, refused);
            assertThat(response.status()).as(refused).isEqualTo(400);
            assertThat(response.scimType()).as(refused).isNotEmpty();
        }
        var after = scim.get("/Groups/" + group).json();
        assertThat(after.get("displayName").asString()).isEqualTo("patched-" + run);
        assertThat(after.get("members")).hasSize(1);
        assertThat(after.at("/members/0/value").asString()).isEqualTo(member);

        var unknownMember = scim.send(
                "POST",
                "/Groups",
                "{\"displayName\":\"ghosts-" + run + "\",\"members\":[{\"value\":\"999999999998\"}]}");
        assertThat(unknownMember.scimType()).isEqualTo("invalidValue");
        assertThat(scim.send("POST", "/Groups", "{\"displayName\":\"/\"}").scimType())
                .isEqualTo("invalidValue");
        assertThat(scimGroups()).isEqualTo(groupsBefore);
    }

    @Test
    void unknown_ids_and_paths_are_scim_404s() {
        for (var path :
                List.of("/Users/abc", "/Users/999999999999", "/Users/-1", "/Groups/999999999999", "/Nope", "")) {
            var response = scim.get(path);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.scimType()).isEmpty();
        }
        assertThat(scim.send("DELETE", "/Users/999999999999", null).status()).isEqualTo(404);
        assertThat(scim.send("PATCH", "/Groups/999999999999", "{\"Operations\":[]}")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void two_patches_of_one_group_at_once_both_take_effect() {
        var group = createGroup("race-" + run);
        for (int round = 0; round < 3; round++) {
            var a = createUser("race-a" + round + "-" + run + "@example.com");
            var b = createUser("race-b" + round + "-" + run + "@example.com");
            var add = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":"
                    + "\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"%s\"}]}]}";
            List<Callable<Integer>> patches = List.of(
                    () -> scim.send("PATCH", "/Groups/" + group, add.formatted(a))
                            .status(),
                    () -> scim.send("PATCH", "/Groups/" + group, add.formatted(b))
                            .status());

            var outcomes = Race.run(patches);

            assertThat(outcomes).allSatisfy(o -> assertThat(o.value()).isEqualTo(204));
            var members = scim.get("/Groups/" + group).json().get("members").toString();
            assertThat(members).contains("\"" + a + "\"", "\"" + b + "\"");
            for (var user : List.of(a, b)) {
                assertThat(jdbc.queryForList(
                                "select group_name from app_user_group where user_id = ?",
                                String.class,
                                Long.parseLong(user)))
                        .containsExactly("race-" + run);
            }
        }
        assertThat(scim.get("/Groups/" + group).json().get("members")).hasSize(6);

        // Two groups at once, sharing a member: the member ends up in both.
        var shared = createUser("shared-" + run + "@example.com");
        var g1 = createGroup("race1-" + run);
        var g2 = createGroup("race2-" + run);
        var add = "{\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + shared + "\"}]}]}";
        var outcomes = Race.run(List.<Callable<Integer>>of(
                () -> scim.send("PATCH", "/Groups/" + g1, add).status(),
                () -> scim.send("PATCH", "/Groups/" + g2, add).status()));
        assertThat(outcomes).allSatisfy(o -> assertThat(o.value()).isEqualTo(204));
        assertThat(jdbc.queryForList(
                        "select group_name from app_user_group where user_id = ? order by group_name",
                        String.class,
                        Long.parseLong(shared)))
                .containsExactly("race1-" + run, "race2-" + run);
    }
}
