package dev.tunnelgate.scim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.devices.DeviceService;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.policy.AccessFixture;
import dev.tunnelgate.policy.DestinationService;
import dev.tunnelgate.policy.PolicyService;
import dev.tunnelgate.testing.PortalIntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The request sequences Okta documents for a SCIM 2.0 application (user import and create with a password it sends,
 * PUT to update, PATCH to deactivate and reactivate; group push: create, rename, add and remove members, PUT),
 * replayed over real HTTP with the portal's state checked after each step.
 */
class ScimOktaIT extends PortalIntegrationTest {
    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    NetworkService networks;

    @Autowired
    DeviceService devices;

    @Autowired
    DestinationService destinations;

    @Autowired
    PolicyService policies;

    ScimClient scim;
    AccessFixture fx;
    final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void setUp() {
        scim = new ScimClient(baseUrl(), SCIM_TOKEN);
        fx = new AccessFixture(networks, devices, destinations, policies, jdbc);
    }

    private ScimClient.Response createUser(String userName, String externalId) {
        return scim.send("POST", "/Users", "okta/user-create", Map.of("userName", userName, "externalId", externalId));
    }

    private Map<String, Object> account(long id) {
        return jdbc.queryForMap("select * from app_user where id = ?", id);
    }

    private List<String> groups(long userId) {
        return jdbc.queryForList(
                "select group_name from app_user_group where user_id = ? order by group_name", String.class, userId);
    }

    @Test
    void an_okta_user_is_created_replaced_deactivated_and_reactivated() {
        var userName = "test.user." + run + "@okta.local";
        var externalId = "00u" + run + "T6Aj10h7";
        var exists =
                scim.get("/Users?" + ScimClient.filter("userName eq \"" + userName + "\"") + "&startIndex=1&count=100");
        assertThat(exists.json().get("totalResults").asInt()).isZero();

        var created = createUser(userName, externalId);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = Long.parseLong(created.id());
        assertThat(created.body()).doesNotContain("password").doesNotContain("1mz050nq");
        assertThat(created.json().get("displayName").asString()).isEqualTo("Test User");
        assertThat(account(id).get("subject")).isEqualTo(externalId);
        assertThat(scim.get("/Users/" + id).json().get("userName").asString()).isEqualTo(userName);

        long device = fx.device(id, fx.network(true));

        var email = "another." + run + "@okta.local";
        var replaced = scim.send(
                "PUT",
                "/Users/" + id,
                "okta/user-replace",
                Map.of("userId", "" + id, "userName", userName, "email", email, "externalId", externalId));
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.json().get("displayName").asString()).isEqualTo("Another User");
        assertThat(account(id).get("email")).isEqualTo(email);
        assertThat(account(id).get("display_name")).isEqualTo("Another User");

        // A password sync changes nothing here (the portal keeps no passwords).
        var changes =
                jdbc.queryForObject("select count(*) from audit_event where target = ?", Long.class, "user:" + id);
        assertThat(scim.send("PATCH", "/Users/" + id, "okta/user-password", Map.of())
                        .status())
                .isEqualTo(200);
        assertThat(jdbc.queryForObject("select count(*) from audit_event where target = ?", Long.class, "user:" + id))
                .isEqualTo(changes);

        var deactivated = scim.send("PATCH", "/Users/" + id, "okta/user-deactivate", Map.of());
        assertThat(deactivated.json().get("active").asBoolean()).isFalse();
        assertThat(account(id).get("offboarded_at")).isNotNull();
        assertThat(jdbc.queryForObject("select status from device where id = ?", String.class, device))
                .isEqualTo("REVOKED");

        var reactivated = scim.send("PATCH", "/Users/" + id, "okta/user-reactivate", Map.of());
        assertThat(reactivated.json().get("active").asBoolean()).isTrue();
        assertThat(account(id).get("offboarded_at")).isNull();
    }

    @Test
    void okta_group_push_creates_renames_changes_members_and_replaces_a_group() {
        var annName = "ann." + run + "@okta.local";
        var benName = "ben." + run + "@okta.local";
        long ann = Long.parseLong(createUser(annName, "00uann" + run).id());
        long ben = Long.parseLong(createUser(benName, "00uben" + run).id());
        assertThat(scim.get("/Groups?startIndex=1&count=100").status()).isEqualTo(200);

        var name = "Test SCIMv2 " + run;
        var created = scim.send("POST", "/Groups", "okta/group-create", Map.of("displayName", name));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        var group = created.id();

        var add = scim.send(
                "PATCH",
                "/Groups/" + group,
                "okta/group-add-members",
                Map.of("userId", "" + ann, "userName", annName, "otherUserId", "" + ben, "otherUserName", benName));
        assertThat(add.status()).as(add.toString()).isEqualTo(204);
        assertThat(groups(ann)).containsExactly(name);
        assertThat(groups(ben)).containsExactly(name);

        var renamed = "Renamed SCIMv2 " + run;
        var rename = scim.send(
                "PATCH", "/Groups/" + group, "okta/group-rename", Map.of("groupId", group, "displayName", renamed));
        assertThat(rename.status()).as(rename.toString()).isEqualTo(204);
        assertThat(scim.get("/Groups/" + group).json().get("displayName").asString())
                .isEqualTo(renamed);
        assertThat(groups(ann)).containsExactly(renamed);

        var remove = scim.send("PATCH", "/Groups/" + group, "okta/group-remove-member", Map.of("userId", "" + ann));
        assertThat(remove.status()).isEqualTo(204);
        assertThat(groups(ann)).isEmpty();
        assertThat(groups(ben)).containsExactly(renamed);

        // A PUT carries the full member list: ann back in, ben out.
        var replaced = scim.send(
                "PUT",
                "/Groups/" + group,
                "okta/group-replace",
                Map.of("groupId", group, "displayName", renamed, "userId", "" + ann, "userName", annName));
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.json().get("members")).hasSize(1);
        assertThat(groups(ann)).containsExactly(renamed);
        assertThat(groups(ben)).isEmpty();

        // The auditors group of the identity settings grants the auditor role.
        var auditors = scim.send("POST", "/Groups", "okta/group-create", Map.of("displayName", "tunnelgate-auditors"));
        assertThat(auditors.status()).as(auditors.toString()).isEqualTo(201);
        scim.send(
                "PUT",
                "/Groups/" + auditors.id(),
                "okta/group-replace",
                Map.of(
                        "groupId",
                        auditors.id(),
                        "displayName",
                        "tunnelgate-auditors",
                        "userId",
                        "" + ben,
                        "userName",
                        benName));
        assertThat(account(ben).get("roles")).isEqualTo("[AUDITOR, USER]");
        assertThat(scim.send("DELETE", "/Groups/" + auditors.id(), null).status())
                .isEqualTo(204);
        assertThat(account(ben).get("roles")).isEqualTo("[USER]");

        assertThat(scim.send("DELETE", "/Groups/" + group, null).status()).isEqualTo(204);
        assertThat(groups(ann)).isEmpty();
    }

    @Test
    void users_are_listed_in_pages_as_okta_imports_them() {
        for (int i = 0; i < 3; i++) {
            createUser("page" + i + "." + run + "@okta.local", "00upage" + i + run);
        }
        var first = scim.get("/Users?startIndex=1&count=2").json();
        int total = first.get("totalResults").asInt();
        assertThat(total).isGreaterThanOrEqualTo(3);
        assertThat(first.get("itemsPerPage").asInt()).isEqualTo(2);
        assertThat(first.get("startIndex").asInt()).isEqualTo(1);
        assertThat(first.get("Resources")).hasSize(2);
        var last = scim.get("/Users?startIndex=" + total + "&count=2").json();
        assertThat(last.get("Resources")).hasSize(1);
        assertThat(scim.get("/Users?startIndex=" + (total + 1)).json().get("Resources"))
                .isEmpty();
        // Out-of-range values are clamped as RFC 7644 says.
        assertThat(scim.get("/Users?startIndex=0&count=-5").json().get("Resources"))
                .isEmpty();
        assertThat(scim.get("/Users?count=100000").json().get("itemsPerPage").asInt())
                .isLessThanOrEqualTo(200);
    }
}
