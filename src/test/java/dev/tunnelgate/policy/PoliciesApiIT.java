package dev.tunnelgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.apitokens.ApiTokenService;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.ApiCallers;
import dev.tunnelgate.testing.ApiClient;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.Race;
import dev.tunnelgate.testing.TestNetworks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Destinations and access policies over the REST API: the services' validation, audit and locking, with ETag /
 * If-Match on updates and deletes.
 */
class PoliciesApiIT extends PortalIntegrationTest {
    private static final String DESTINATIONS = "/api/v1/destinations";
    private static final String POLICIES = "/api/v1/policies";
    private static final long MISSING = 987_654_321L;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApiTokenService tokens;

    @Autowired
    NetworkService networks;

    ApiClient api;
    ApiCallers callers;
    String suffix;
    long network;

    @BeforeEach
    void setUp() {
        api = new ApiClient(baseUrl());
        callers = new ApiCallers(jdbc, tokens);
        suffix = UUID.randomUUID().toString().substring(0, 8);
        network = callers.asAdmin(
                () -> networks.create(TestNetworks.network("policy-api-net-" + suffix, "10.233.0.0/16", b -> b)));
    }

    private static String json(Map<String, @Nullable Object> body, Consumer<Map<String, @Nullable Object>> change) {
        var copy = new LinkedHashMap<>(body);
        change.accept(copy);
        copy.values().removeIf(Objects::isNull);
        return ApiClient.JSON.writeValueAsString(copy);
    }

    private String destination(Consumer<Map<String, @Nullable Object>> change) {
        var body = new LinkedHashMap<String, @Nullable Object>();
        body.put("name", "dest-" + suffix);
        body.put("prefixes", List.of("10.233.5.0/24"));
        body.put("protocol", "TCP");
        body.put("ports", List.of("443", "8000-8080"));
        return json(body, change);
    }

    private String policy(long destination, Consumer<Map<String, @Nullable Object>> change) {
        var body = new LinkedHashMap<String, @Nullable Object>();
        body.put("name", "policy-" + suffix);
        body.put("enabled", true);
        body.put("networks", List.of(network));
        body.put("destinations", List.of(destination));
        body.put("groups", List.of("/staff"));
        body.put("users", List.of(callers.employee));
        return json(body, change);
    }

    private long createDestination() {
        var created = api.send("POST", DESTINATIONS, callers.adminToken, destination(b -> {}));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private long createPolicy(long destination) {
        var created = api.send("POST", POLICIES, callers.adminToken, policy(destination, b -> {}));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private long audited(String action, String target) {
        return Objects.requireNonNull(jdbc.queryForObject(
                "select count(*) from audit_event where action = ? and target = ? and actor like ?",
                Long.class,
                action,
                target,
                "%(user:" + callers.admin + ")"));
    }

    /** Every row a destination or policy change writes, and the admin's audit events. */
    private Map<String, Object> state() {
        var state = new LinkedHashMap<String, Object>();
        for (var table : AccessFixture.TABLES) {
            if (!table.equals("audit_event")) {
                state.put(table, jdbc.queryForList("select * from " + table + " order by 1, 2"));
            }
        }
        state.put(
                "audited",
                jdbc.queryForObject(
                        "select count(*) from audit_event where actor like ?",
                        Long.class,
                        "%(user:" + callers.admin + ")"));
        return state;
    }

    @Test
    void an_admin_creates_changes_and_deletes_a_destination_each_step_audited() {
        var created = api.send("POST", DESTINATIONS, callers.adminToken, destination(b -> {}));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.header("ETag")).isEqualTo("\"v0\"");
        assertThat(created.json().get("ports").toString()).isEqualTo("[\"443\",\"8000-8080\"]");
        assertThat(audited("destination.created", "destination:" + id)).isEqualTo(1);

        var read = api.get(callers.auditorToken, DESTINATIONS + "/" + id);
        assertThat(read.json().get("protocol").asString()).isEqualTo("TCP");

        var changed = api.send(
                "PUT",
                DESTINATIONS + "/" + id,
                callers.adminToken,
                destination(b -> {
                    b.put("protocol", "ANY");
                    b.put("ports", null);
                }),
                "If-Match",
                read.header("ETag"));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.header("ETag")).isEqualTo("\"v1\"");
        assertThat(changed.json().get("ports").size()).isZero();
        assertThat(audited("destination.changed", "destination:" + id)).isEqualTo(1);

        assertThat(api.send("DELETE", DESTINATIONS + "/" + id, callers.adminToken, null)
                        .status())
                .isEqualTo(428);
        assertThat(api.send("DELETE", DESTINATIONS + "/" + id, callers.adminToken, null, "If-Match", "\"v0\"")
                        .status())
                .isEqualTo(412);
        assertThat(api.get(callers.adminToken, DESTINATIONS + "/" + id).status())
                .isEqualTo(200);
        var deleted = api.send("DELETE", DESTINATIONS + "/" + id, callers.adminToken, null, "If-Match", "\"v1\"");
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertThat(api.get(callers.adminToken, DESTINATIONS + "/" + id).status())
                .isEqualTo(404);
        assertThat(audited("destination.deleted", "destination:" + id)).isEqualTo(1);
    }

    @Test
    void an_admin_creates_changes_and_deletes_a_policy_each_step_audited() {
        long destination = createDestination();
        var created = api.send("POST", POLICIES, callers.adminToken, policy(destination, b -> {}));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        var json = created.json();
        assertThat(json.get("groups").toString()).isEqualTo("[\"staff\"]");
        assertThat(json.get("users").get(0).asLong()).isEqualTo(callers.employee);
        assertThat(json.get("networkNames").get(0).asString()).isEqualTo("policy-api-net-" + suffix);
        assertThat(json.get("destinationNames").get(0).asString()).isEqualTo("dest-" + suffix);
        assertThat(json.get("userNames").get(0).asString()).startsWith("Test API employee");
        assertThat(audited("policy.created", "policy:" + id)).isEqualTo(1);

        // A destination a policy grants is not deleted.
        var granted =
                api.send("DELETE", DESTINATIONS + "/" + destination, callers.adminToken, null, "If-Match", "\"v0\"");
        assertThat(granted.status()).isEqualTo(409);
        assertThat(granted.json().get("detail").asString()).contains("policy-" + suffix);

        var changed = api.send(
                "PUT",
                POLICIES + "/" + id,
                callers.adminToken,
                policy(destination, b -> {
                    b.put("enabled", false);
                    b.put("users", null);
                }),
                "If-Match",
                created.header("ETag"));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().get("enabled").asBoolean()).isFalse();
        assertThat(changed.json().get("users").size()).isZero();
        assertThat(changed.header("ETag")).isNotEqualTo(created.header("ETag"));
        assertThat(audited("policy.changed", "policy:" + id)).isEqualTo(1);

        assertThat(api.send("DELETE", POLICIES + "/" + id, callers.adminToken, null, "If-Match", created.header("ETag"))
                        .status())
                .isEqualTo(412);
        var deleted =
                api.send("DELETE", POLICIES + "/" + id, callers.adminToken, null, "If-Match", changed.header("ETag"));
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertThat(api.get(callers.auditorToken, POLICIES + "/" + id).status()).isEqualTo(404);
        assertThat(audited("policy.deleted", "policy:" + id)).isEqualTo(1);
    }

    @Test
    void of_two_updates_with_the_same_etag_exactly_one_wins_for_policies_and_destinations() {
        long destination = createDestination();
        long policy = createPolicy(destination);
        var tag = api.get(callers.adminToken, POLICIES + "/" + policy).header("ETag");
        var destinationTag =
                api.get(callers.adminToken, DESTINATIONS + "/" + destination).header("ETag");
        Callable<Integer> renamePolicy = () -> api.send(
                        "PUT",
                        POLICIES + "/" + policy,
                        callers.adminToken,
                        policy(destination, b -> b.put("name", "policy-a-" + suffix)),
                        "If-Match",
                        tag)
                .status();
        Callable<Integer> disablePolicy = () -> api.send(
                        "PUT",
                        POLICIES + "/" + policy,
                        callers.adminToken,
                        policy(destination, b -> b.put("enabled", false)),
                        "If-Match",
                        tag)
                .status();
        Callable<Integer> renameDestination = () -> api.send(
                        "PUT",
                        DESTINATIONS + "/" + destination,
                        callers.adminToken,
                        destination(b -> b.put("name", "dest-a-" + suffix)),
                        "If-Match",
                        destinationTag)
                .status();
        Callable<Integer> narrowDestination = () -> api.send(
                        "PUT",
                        DESTINATIONS + "/" + destination,
                        callers.adminToken,
                        destination(b -> b.put("ports", List.of("443"))),
                        "If-Match",
                        destinationTag)
                .status();

        assertThat(statuses(Race.run(List.of(renamePolicy, disablePolicy)))).containsExactly(200, 412);
        assertThat(audited("policy.changed", "policy:" + policy)).isEqualTo(1);
        assertThat(statuses(Race.run(List.of(renameDestination, narrowDestination))))
                .containsExactly(200, 412);
        assertThat(audited("destination.changed", "destination:" + destination)).isEqualTo(1);
    }

    private static List<Integer> statuses(List<Race.Outcome<Integer>> outcomes) {
        var statuses = new ArrayList<Integer>();
        outcomes.forEach(o -> statuses.add(Objects.requireNonNull(o.value(), String.valueOf(o.error()))));
        Collections.sort(statuses);
        return statuses;
    }

    @Test
    void references_to_objects_that_do_not_exist_are_refused_on_their_field() {
        long destination = createDestination();
        var before = state();

        var cases = new LinkedHashMap<String, String>();
        cases.put(policy(destination, b -> b.put("networks", List.of(MISSING))), "networks");
        cases.put(policy(destination, b -> b.put("destinations", List.of(MISSING))), "destinations");
        cases.put(policy(destination, b -> b.put("users", List.of(MISSING))), "users");
        cases.put(policy(destination, b -> b.put("networks", List.of())), "networks");
        for (var entry : cases.entrySet()) {
            var refused = api.send("POST", POLICIES, callers.adminToken, entry.getKey());
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.json().get("field").asString()).isEqualTo(entry.getValue());
        }
        for (var path : List.of(POLICIES + "/" + MISSING, DESTINATIONS + "/" + MISSING)) {
            assertThat(api.get(callers.adminToken, path).problem()).isEqualTo("not-found");
            assertThat(api.send("DELETE", path, callers.adminToken, null, "If-Match", "\"v0\"")
                            .status())
                    .isEqualTo(404);
        }
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void hostile_bodies_are_refused_naming_the_field_and_change_nothing() {
        long destination = createDestination();
        long policy = createPolicy(destination);
        var before = state();

        var destinations = new LinkedHashMap<String, String>();
        destinations.put(destination(b -> b.put("name", "d".repeat(100_000))), "name");
        destinations.put(destination(b -> b.put("name", "web\r\nforged")), "name");
        destinations.put(destination(b -> b.put("name", "web\u0007")), "name");
        destinations.put(destination(b -> b.put("prefixes", List.of("10.0.0.0/33"))), "prefixes");
        destinations.put(destination(b -> b.put("prefixes", List.of("10.0.0.1/8"))), "prefixes");
        destinations.put(destination(b -> b.put("prefixes", List.of("10.0.0.0/8\n0.0.0.0/0"))), "prefixes");
        destinations.put(destination(b -> b.put("prefixes", Collections.nCopies(10_000, "10.1.0.0/16"))), "prefixes");
        destinations.put(destination(b -> b.put("ports", List.of("99999"))), "ports");
        destinations.put(destination(b -> b.put("protocol", "SMTP")), "protocol");
        destinations.put(destination(b -> b.put("protocol", null)), "protocol");
        destinations.put(destination(b -> b.put("color", "red")), "color");
        for (var entry : destinations.entrySet()) {
            for (var put : new boolean[] {false, true}) {
                var response = put
                        ? api.send(
                                "PUT",
                                DESTINATIONS + "/" + destination,
                                callers.adminToken,
                                entry.getKey(),
                                "If-Match",
                                "\"v0\"")
                        : api.send("POST", DESTINATIONS, callers.adminToken, entry.getKey());
                assertThat(response.status()).as(response.toString()).isEqualTo(400);
                assertThat(response.json().get("field").asString())
                        .as(response.toString())
                        .isEqualTo(entry.getValue());
            }
        }

        var policies = new LinkedHashMap<String, String>();
        policies.put(policy(destination, b -> b.put("name", "p".repeat(100_000))), "name");
        policies.put(policy(destination, b -> b.put("name", "staff\u2028admins")), "name");
        policies.put(policy(destination, b -> b.put("enabled", "yes")), "enabled");
        policies.put(policy(destination, b -> b.put("enabled", null)), "enabled");
        policies.put(policy(destination, b -> b.put("networks", List.of("abc"))), "networks[0]");
        policies.put(policy(destination, b -> b.put("networks", network)), "networks");
        policies.put(policy(destination, b -> b.put("groups", List.of("staff\nadmins"))), "groups");
        policies.put(policy(destination, b -> b.put("groups", Collections.nCopies(101, "g"))), "groups");
        policies.put(policy(destination, b -> b.put("users", Collections.nCopies(1, "me"))), "users[0]");
        policies.put(policy(destination, b -> b.put("admin", true)), "admin");
        for (var entry : policies.entrySet()) {
            for (var put : new boolean[] {false, true}) {
                var response = put
                        ? api.send(
                                "PUT",
                                POLICIES + "/" + policy,
                                callers.adminToken,
                                entry.getKey(),
                                "If-Match",
                                "\"v0\"")
                        : api.send("POST", POLICIES, callers.adminToken, entry.getKey());
                assertThat(response.status()).as(response.toString()).isEqualTo(400);
                assertThat(response.json().get("field").asString())
                        .as(response.toString())
                        .isEqualTo(entry.getValue());
            }
        }
        assertThat(state()).isEqualTo(before);
    }
}
