package dev.tunnelgate.scim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.devices.DeviceService;
import dev.tunnelgate.identity.UserDirectory;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.policy.AccessFixture;
import dev.tunnelgate.policy.AccessGrants;
import dev.tunnelgate.policy.DestinationService;
import dev.tunnelgate.policy.PolicyService;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestUsers;
import dev.tunnelgate.testing.WebWalker;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The request sequences Microsoft Entra ID documents for a SCIM endpoint (create, query, update, disable, delete
 * users; create, query, rename and change the members of groups), replayed over real HTTP, with the portal's state
 * checked after each step: the account, its devices, its groups, its roles and what its devices may reach.
 */
class ScimEntraIT extends PortalIntegrationTest {
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

    @Autowired
    AccessGrants grants;

    @Autowired
    UserDirectory directory;

    ScimClient scim;
    AccessFixture fx;
    final String run = UUID.randomUUID().toString().substring(0, 8);
    long adopted = -1;

    @Nullable
    String scimGroup;

    @BeforeEach
    void setUp() {
        scim = new ScimClient(baseUrl(), SCIM_TOKEN);
        fx = new AccessFixture(networks, devices, destinations, policies, jdbc);
    }

    @AfterEach
    void forgetTheDemoUsersProvisioning() {
        if (scimGroup != null) {
            scim.send("DELETE", "/Groups/" + scimGroup, null);
        }
        if (adopted > 0) {
            // bob is the embedded IdP's: his next sign-in brings his groups claim back.
            jdbc.update(
                    "update app_user set scim_user_name = null, scim_user_name_key = null, scim_external_id = null,"
                            + " scim_groups = false where id = ?",
                    adopted);
        }
    }

    private String issuer() {
        return baseUrl(); // the embedded dev IdP's, which SCIM uses when no issuer is configured
    }

    private ScimClient.Response createUser(String userName, String externalId) {
        return scim.send("POST", "/Users", "entra/user-create", Map.of("userName", userName, "externalId", externalId));
    }

    private Map<String, Object> account(long id) {
        return jdbc.queryForMap("select * from app_user where id = ?", id);
    }

    private String deviceStatus(long device) {
        return jdbc.queryForObject("select status from device where id = ?", String.class, device);
    }

    private List<String> groups(long userId) {
        return jdbc.queryForList(
                "select group_name from app_user_group where user_id = ? order by group_name", String.class, userId);
    }

    private String roles(long userId) {
        return jdbc.queryForObject("select roles from app_user where id = ?", String.class, userId);
    }

    private long audited(String action, long userId) {
        return Objects.requireNonNull(jdbc.queryForObject(
                "select count(*) from audit_event where action = ? and target = ? and actor = 'scim'",
                Long.class,
                action,
                "user:" + userId));
    }

    @Test
    void discovery_documents_describe_users_groups_patch_and_the_bearer_token() {
        var config = scim.get("/ServiceProviderConfig");
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.contentType()).startsWith("application/scim+json");
        assertThat(config.json().at("/patch/supported").asBoolean()).isTrue();
        assertThat(config.json().at("/filter/supported").asBoolean()).isTrue();
        assertThat(config.json().at("/authenticationSchemes/0/type").asString()).isEqualTo("oauthbearertoken");
        assertThat(config.json().at("/meta/location").asString())
                .isEqualTo(baseUrl() + "/scim/v2/ServiceProviderConfig");

        var types = scim.get("/ResourceTypes").json();
        assertThat(types.get("totalResults").asInt()).isEqualTo(2);
        assertThat(types.at("/Resources/0/endpoint").asString()).isEqualTo("/Users");
        assertThat(scim.get("/ResourceTypes/Group").json().get("schema").asString())
                .isEqualTo("urn:ietf:params:scim:schemas:core:2.0:Group");

        var schemas = scim.get("/Schemas").json();
        assertThat(schemas.get("totalResults").asInt()).isEqualTo(2);
        assertThat(scim.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")
                        .json()
                        .get("attributes")
                        .toString())
                .contains("userName", "externalId", "active", "emails");
        assertThat(scim.get("/Schemas/urn:nope").scimType()).isEmpty();
    }

    @Test
    void an_entra_user_is_created_queried_updated_disabled_enabled_and_deleted_with_the_account_following_each_step() {
        var userName = "Test_User_" + run + "@testuser.com";
        var externalId = UUID.randomUUID().toString();

        // Entra first asks whether the user exists.
        var none = scim.get("/Users?" + ScimClient.filter("userName eq \"" + userName + "\""));
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.json().get("totalResults").asInt()).isZero();
        assertThat(none.json().get("Resources")).isEmpty();

        var created = createUser(userName, externalId);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.contentType()).startsWith("application/scim+json");
        long id = Long.parseLong(created.id());
        var body = created.json();
        assertThat(body.get("userName").asString()).isEqualTo(userName);
        assertThat(body.get("externalId").asString()).isEqualTo(externalId);
        assertThat(body.get("active").asBoolean()).isTrue();
        assertThat(body.get("displayName").asString()).isEqualTo("givenName familyName");
        assertThat(body.at("/emails/0/value").asString()).isEqualTo(userName);
        assertThat(body.at("/meta/location").asString()).isEqualTo(baseUrl() + "/scim/v2/Users/" + id);
        assertThat(body.toString()).doesNotContain("employeeNumber");
        var account = account(id);
        assertThat(account.get("issuer")).isEqualTo(issuer());
        assertThat(account.get("subject")).isEqualTo(externalId);
        assertThat(account.get("email")).isEqualTo(userName);
        assertThat(account.get("roles")).isEqualTo("[USER]");
        assertThat(audited("user.created", id)).isEqualTo(1);
        assertThat(audited("user.provisioned", id)).isEqualTo(1);

        // Found by id, by userName ignoring case, and by externalId.
        assertThat(scim.get("/Users/" + id).json().get("userName").asString()).isEqualTo(userName);
        var byName = scim.get("/Users?" + ScimClient.filter("userName eq \"" + userName.toUpperCase() + "\""));
        assertThat(byName.json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(byName.json().at("/Resources/0/id").asString()).isEqualTo(Long.toString(id));
        var byExternalId = scim.get("/Users?" + ScimClient.filter("externalId eq \"" + externalId + "\""));
        assertThat(byExternalId.json().at("/Resources/0/id").asString()).isEqualTo(Long.toString(id));

        // The user enrolls a device (the network approves automatically).
        long network = fx.network(true);
        long device = fx.device(id, network);
        assertThat(deviceStatus(device)).isEqualTo("ACTIVE");

        var email = "updated_" + run + "@testuser.com";
        var multiValued = scim.send("PATCH", "/Users/" + id, "entra/user-update-multivalued", Map.of("email", email));
        assertThat(multiValued.status()).as(multiValued.toString()).isEqualTo(200);
        assertThat(multiValued.json().at("/emails/0/value").asString()).isEqualTo(email);
        assertThat(account(id).get("email")).isEqualTo(email);

        // Entra sends an e-mail change as an "Add" to the existing work address too.
        var emailAgain = "again_" + run + "@testuser.com";
        var asAdd = scim.send("PATCH", "/Users/" + id, "entra/user-update-email-as-add", Map.of("email", emailAgain));
        assertThat(asAdd.status()).as(asAdd.toString()).isEqualTo(200);
        assertThat(account(id).get("email")).isEqualTo(emailAgain);

        var renamed = "Renamed_" + run + "@testuser.com";
        var singleValued =
                scim.send("PATCH", "/Users/" + id, "entra/user-update-singlevalued", Map.of("userName", renamed));
        assertThat(singleValued.json().get("userName").asString()).isEqualTo(renamed);
        assertThat(account(id).get("scim_user_name")).isEqualTo(renamed);
        assertThat(account(id).get("subject")).as("the subject never changes").isEqualTo(externalId);
        scim.send("PATCH", "/Users/" + id, "entra/user-update-displayname", Map.of("displayName", "Dana Doe"));
        assertThat(account(id).get("display_name")).isEqualTo("Dana Doe");
        assertThat(audited("user.provisioning-changed", id)).isEqualTo(4);

        // Disable: offboarded, every device revoked, sign-in refused.
        var disabled = scim.send("PATCH", "/Users/" + id, "entra/user-disable", Map.of());
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.json().get("active").asBoolean()).isFalse();
        assertThat(account(id).get("offboarded_at")).isNotNull();
        assertThat(account(id).get("offboarded_by")).isEqualTo("scim");
        assertThat(deviceStatus(device)).isEqualTo("REVOKED");
        assertThat(TestUsers.as(id, () -> directory.isOffboarded(id))).isTrue();
        assertThat(jdbc.queryForObject(
                        "select details from audit_event where action = 'user.offboarded' and target = ?",
                        String.class,
                        "user:" + id))
                .contains("devicesRevoked=1", "by=identity-provider");
        var listed = scim.get("/Users?" + ScimClient.filter("userName eq \"" + renamed + "\""));
        assertThat(listed.json().at("/Resources/0/active").asBoolean()).isFalse();
        // Disabling again changes nothing.
        assertThat(scim.send("PATCH", "/Users/" + id, "entra/user-disable", Map.of())
                        .status())
                .isEqualTo(200);
        assertThat(audited("user.offboarded", id)).isEqualTo(1);

        // Enable: the account is restored; what offboarding revoked stays revoked.
        var enabled = scim.send("PATCH", "/Users/" + id, "entra/user-enable", Map.of());
        assertThat(enabled.json().get("active").asBoolean()).isTrue();
        assertThat(account(id).get("offboarded_at")).isNull();
        assertThat(deviceStatus(device)).isEqualTo("REVOKED");
        assertThat(audited("user.restored", id)).isEqualTo(1);

        // The older Entra form sends the boolean as a string.
        var legacy = scim.send("PATCH", "/Users/" + id, "entra/user-disable-legacy", Map.of());
        assertThat(legacy.json().get("active").asBoolean()).isFalse();
        assertThat(account(id).get("offboarded_at")).isNotNull();

        // Delete: gone for SCIM; the account, its devices and its trail stay (offboarded).
        assertThat(scim.send("DELETE", "/Users/" + id, null).status()).isEqualTo(204);
        var gone = scim.get("/Users/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.scimType()).isEmpty();
        assertThat(scim.get("/Users?" + ScimClient.filter("externalId eq \"" + externalId + "\""))
                        .json()
                        .get("totalResults")
                        .asInt())
                .isZero();
        assertThat(account(id).get("scim_user_name")).isNull();
        assertThat(account(id).get("offboarded_at")).isNotNull();
        assertThat(audited("user.deprovisioned", id)).isEqualTo(1);
    }

    @Test
    void a_provisioned_user_who_signs_in_is_the_same_account() {
        // bob is a demo user of the embedded IdP; his subject there is "bob".
        var created = createUser("bob." + run + "@example.com", "bob");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        adopted = Long.parseLong(created.id());

        var walker = new WebWalker();
        var loginPage = walker.follow(baseUrl() + "/");
        // Through the IdP and the portal's callback into the app, not to the sign-in error page.
        var landing = walker.follow(WebWalker.location(walker.submitIdpLogin(loginPage, "bob", "bob")));
        assertThat(landing.uri().getPath()).isNotEqualTo("/login-error");
        assertThat(walker.hops).anyMatch(hop -> hop.contains("/login/oauth2/code/"));

        assertThat(jdbc.queryForList(
                        "select id from app_user where issuer = ? and subject = 'bob'", Long.class, issuer()))
                .containsExactly(adopted);
        var user = scim.get("/Users/" + adopted).json();
        assertThat(user.get("userName").asString()).isEqualTo("bob." + run + "@example.com");
        assertThat(user.get("displayName").asString()).as("the sign-in's name").isEqualTo("Bob Employee");
        // Creating it again is a conflict, not a second account.
        assertThat(createUser("bob2." + run + "@example.com", "bob").scimType()).isEqualTo("uniqueness");

        // Once SCIM assigns his groups, a sign-in (whose claim says "engineering") leaves them as SCIM set them.
        var group = scim.send(
                "POST", "/Groups", "entra/group-create", Map.of("displayName", "bobs-" + run, "externalId", run));
        assertThat(group.status()).as(group.toString()).isEqualTo(201);
        scimGroup = group.id();
        scim.send("PATCH", "/Groups/" + scimGroup, "entra/group-add-member", Map.of("userId", "" + adopted));
        assertThat(groups(adopted)).containsExactly("bobs-" + run);
        var signIns = "select count(*) from audit_event where action = 'user.signed-in' and target = ?";
        var before = jdbc.queryForObject(signIns, Long.class, "user:" + adopted);
        var again = new WebWalker();
        again.follow(WebWalker.location(again.submitIdpLogin(again.follow(baseUrl() + "/"), "bob", "bob")));
        assertThat(jdbc.queryForObject(signIns, Long.class, "user:" + adopted)).isEqualTo(before + 1);
        assertThat(groups(adopted)).containsExactly("bobs-" + run);
        assertThat(roles(adopted)).isEqualTo("[USER]");
    }

    @Test
    void entra_group_sync_sets_groups_roles_and_access_at_once() {
        long ann = Long.parseLong(
                createUser("ann_" + run + "@testuser.com", UUID.randomUUID().toString())
                        .id());
        long ben = Long.parseLong(
                createUser("ben_" + run + "@testuser.com", UUID.randomUUID().toString())
                        .id());
        var engineering = "eng-" + run;
        long network = fx.network(false);
        long service = fx.destination(AccessProtocol.TCP, List.of("80"), "10.%d.1.0/24".formatted(fx.octet()));
        fx.policy(Set.of(network), Set.of(service), List.of(engineering), Set.of());
        long laptop = fx.device(ann, network);
        assertThat(grants.grant(laptop)).as("no policy grants ann anything yet").isNull();

        var created = scim.send(
                "POST",
                "/Groups",
                "entra/group-create",
                Map.of(
                        "displayName",
                        engineering,
                        "externalId",
                        UUID.randomUUID().toString()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        var group = created.id();
        assertThat(created.json().get("members")).isEmpty();
        var query = scim.get(
                "/Groups?excludedAttributes=members&" + ScimClient.filter("displayName eq \"" + engineering + "\""));
        assertThat(query.json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(query.json().at("/Resources/0").has("members")).isFalse();

        var add = scim.send("PATCH", "/Groups/" + group, "entra/group-add-member", Map.of("userId", "" + ann));
        assertThat(add.status()).as(add.toString()).isEqualTo(204);
        assertThat(groups(ann)).containsExactly(engineering);
        assertThat(grants.explain(laptop))
                .as("the policy naming the group grants ann's laptop the service at once")
                .extracting(AccessGrants.Granted::destinationId)
                .containsExactly(service);
        scim.send("PATCH", "/Groups/" + group, "entra/group-add-member", Map.of("userId", "" + ben));
        var members = scim.get("/Groups/" + group).json().get("members");
        assertThat(members).hasSize(2);
        assertThat(members.toString()).contains("ann_" + run, "ben_" + run);
        assertThat(groups(ben)).containsExactly(engineering);

        var renamed = "platform-" + run;
        var rename = scim.send(
                "PATCH", "/Groups/" + group, "entra/group-update-displayname", Map.of("displayName", renamed));
        assertThat(rename.status()).isEqualTo(204);
        assertThat(groups(ann)).containsExactly(renamed);
        assertThat(groups(ben)).containsExactly(renamed);
        assertThat(grants.grant(laptop)).as("the policy names the old name").isNull();
        scim.send("PATCH", "/Groups/" + group, "entra/group-update-displayname", Map.of("displayName", engineering));
        assertThat(grants.explain(laptop)).hasSize(1);

        var remove = scim.send("PATCH", "/Groups/" + group, "entra/group-remove-member", Map.of("userId", "" + ann));
        assertThat(remove.status()).isEqualTo(204);
        assertThat(groups(ann)).isEmpty();
        assertThat(groups(ben)).containsExactly(engineering);
        assertThat(grants.grant(laptop)).isNull();
        assertThat(jdbc.queryForObject(
                        "select count(*) from audit_event where action = 'user.groups-changed' and target = ?"
                                + " and actor = 'scim'",
                        Long.class,
                        "user:" + ann))
                .isEqualTo(4);

        // The admins group of the identity settings makes its members admins, at once.
        var admins = scim.send(
                "POST",
                "/Groups",
                "entra/group-create",
                Map.of(
                        "displayName",
                        "tunnelgate-admins",
                        "externalId",
                        UUID.randomUUID().toString()));
        assertThat(admins.status()).as(admins.toString()).isEqualTo(201);
        scim.send("PATCH", "/Groups/" + admins.id(), "entra/group-add-member", Map.of("userId", "" + ben));
        assertThat(roles(ben)).isEqualTo("[ADMIN, APPROVER, AUDITOR, USER]");
        assertThat(groups(ben)).containsExactly(engineering, "tunnelgate-admins");
        scim.send("PATCH", "/Groups/" + admins.id(), "entra/group-remove-member-filter", Map.of("userId", "" + ben));
        assertThat(roles(ben)).isEqualTo("[USER]");
        assertThat(scim.send("DELETE", "/Groups/" + admins.id(), null).status()).isEqualTo(204);

        assertThat(scim.send("DELETE", "/Groups/" + group, null).status()).isEqualTo(204);
        assertThat(scim.get("/Groups/" + group).status()).isEqualTo(404);
        assertThat(groups(ben)).isEmpty();
    }
}
