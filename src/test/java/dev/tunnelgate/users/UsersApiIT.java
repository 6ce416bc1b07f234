package dev.tunnelgate.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.apitokens.ApiTokenService;
import dev.tunnelgate.devices.DeviceService;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.policy.AccessFixture;
import dev.tunnelgate.policy.DestinationService;
import dev.tunnelgate.policy.PolicyService;
import dev.tunnelgate.testing.ApiCallers;
import dev.tunnelgate.testing.ApiClient;
import dev.tunnelgate.testing.PortalIntegrationTest;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Users over the REST API: listed and read by admins and auditors, offboarded and restored by admins, as on the user's page. */
class UsersApiIT extends PortalIntegrationTest {
    private static final String USERS = "/api/v1/users";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApiTokenService tokens;

    @Autowired
    NetworkService networks;

    @Autowired
    DeviceService devices;

    @Autowired
    DestinationService destinations;

    @Autowired
    PolicyService policies;

    ApiClient api;
    ApiCallers callers;

    @BeforeEach
    void setUp() {
        api = new ApiClient(baseUrl());
        callers = new ApiCallers(jdbc, tokens);
    }

    private long audited(String action, long user) {
        return Objects.requireNonNull(jdbc.queryForObject(
                "select count(*) from audit_event where action = ? and target = ? and actor like ?",
                Long.class,
                action,
                "user:" + user,
                "%(user:" + callers.admin + ")"));
    }

    @Test
    void admins_and_auditors_list_users_and_read_one_with_the_groups_of_the_last_sign_in() {
        jdbc.update("insert into app_user_group (user_id, group_name) values (?, 'staff')", callers.employee);

        var page = api.get(callers.auditorToken, USERS + "?size=500");
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.json().get("items").findValues("id").stream().map(v -> v.asLong()))
                .contains(callers.employee, callers.admin);

        var one = api.get(callers.adminReadOnly, USERS + "/" + callers.employee);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("displayName").asString()).startsWith("Test API employee");
        assertThat(one.json().get("groups").toString()).isEqualTo("[\"staff\"]");
        assertThat(one.json().get("offboardedAt").isNull()).isTrue();
        assertThat(api.get(callers.adminToken, USERS + "/987654321").problem()).isEqualTo("not-found");
    }

    @Test
    void an_admin_offboards_a_leaver_whose_devices_are_revoked_and_whose_token_stops_working() {
        var fixture = new AccessFixture(networks, devices, destinations, policies, jdbc);
        long network = fixture.network(true);
        long device = fixture.device(callers.employee, network);
        assertThat(api.get(callers.employeeToken, "/api/v1/me").status()).isEqualTo(200);

        var offboarded = api.send("POST", USERS + "/" + callers.employee + "/offboard", callers.adminToken, null);
        assertThat(offboarded.status()).as(offboarded.toString()).isEqualTo(200);
        assertThat(offboarded.json().get("devicesRevoked").asInt()).isEqualTo(1);
        assertThat(jdbc.queryForObject("select status from device where id = ?", String.class, device))
                .isEqualTo("REVOKED");
        assertThat(api.get(callers.employeeToken, "/api/v1/me").status()).isEqualTo(401);
        assertThat(audited("user.offboarded", callers.employee)).isEqualTo(1);
        assertThat(api.get(callers.auditorToken, USERS + "/" + callers.employee)
                        .json()
                        .get("offboardedBy")
                        .asString())
                .contains("(user:" + callers.admin + ")");

        var twice = api.send("POST", USERS + "/" + callers.employee + "/offboard", callers.adminToken, null);
        assertThat(twice.status()).isEqualTo(409);
        var self = api.send("POST", USERS + "/" + callers.admin + "/offboard", callers.adminToken, null);
        assertThat(self.status()).isEqualTo(400);
        assertThat(jdbc.queryForObject("select offboarded_at from app_user where id = ?", Object.class, callers.admin))
                .isNull();
        assertThat(audited("user.offboarded", callers.employee)).isEqualTo(1);

        var restored = api.send("POST", USERS + "/" + callers.employee + "/restore", callers.adminToken, null);
        assertThat(restored.status()).isEqualTo(204);
        assertThat(audited("user.restored", callers.employee)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select status from device where id = ?", String.class, device))
                .isEqualTo("REVOKED");
        var restoredTwice = api.send("POST", USERS + "/" + callers.employee + "/restore", callers.adminToken, null);
        assertThat(restoredTwice.status()).isEqualTo(409);
        assertThat(audited("user.restored", callers.employee)).isEqualTo(1);
    }
}
