package dev.tunnelgate.gateways;

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
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Gateway groups and members over the REST API: settings under ETag / If-Match, and member credentials that appear in
 * the one answer that issues them and nowhere else.
 */
class GatewaysApiIT extends PortalIntegrationTest {
    private static final String GROUPS = "/api/v1/gateway-groups";
    private static final String MEMBERS = "/api/v1/gateway-members";

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
        var pool = "10.%d.0.0/16".formatted(ThreadLocalRandom.current().nextInt(100, 200));
        network = callers.asAdmin(() -> networks.create(TestNetworks.network("gw-api-net-" + suffix, pool, b -> b)));
    }

    private String group(Consumer<Map<String, @Nullable Object>> change) {
        var body = new LinkedHashMap<String, @Nullable Object>();
        body.put("name", "gw-api-" + suffix);
        body.put("endpoint", "gw-" + suffix + ".example.test:51820");
        body.put("listenPort", 51820);
        body.put("networks", List.of(network));
        change.accept(body);
        body.values().removeIf(Objects::isNull);
        return ApiClient.JSON.writeValueAsString(body);
    }

    /** A group named otherwise than {@link #group} names one, so that a POST of such a body is no conflict with it. */
    private long createGroup() {
        var created = api.send("POST", GROUPS, callers.adminToken, group(b -> b.put("name", "gw-stored-" + suffix)));
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

    private Map<String, Object> state(long group) {
        var state = new LinkedHashMap<String, Object>();
        state.put("groups", jdbc.queryForList("select * from gateway_group order by id"));
        state.put("networks", jdbc.queryForList("select * from gateway_group_network order by 1, 2"));
        state.put("members", jdbc.queryForList("select * from gateway_member where group_id = ? order by id", group));
        state.put("network", jdbc.queryForMap("select * from network where id = ?", network));
        state.put(
                "audited",
                jdbc.queryForObject(
                        "select count(*) from audit_event where actor like ?",
                        Long.class,
                        "%(user:" + callers.admin + ")"));
        return state;
    }

    @Test
    void an_admin_creates_reads_and_changes_a_group_each_change_audited() throws Exception {
        var created = api.send("POST", GROUPS, callers.adminToken, group(b -> {}));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.header("Location")).isEqualTo(GROUPS + "/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"v0\"");
        assertThat(created.json().get("networks").get(0).asLong()).isEqualTo(network);
        assertThat(created.json().get("networkNames").get(0).asString()).isEqualTo("gw-api-net-" + suffix);
        assertThat(audited("gateway.group-created", "gateway-group:" + id)).isEqualTo(1);

        var read = api.get(callers.auditorToken, GROUPS + "/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo("\"v0\"");
        var page = api.get(callers.auditorToken, GROUPS + "?size=500");
        assertThat(page.json().get("items").findValues("id").stream().map(v -> v.asLong()))
                .contains(id);

        var changed = api.send(
                "PUT",
                GROUPS + "/" + id,
                callers.adminToken,
                group(b -> {
                    b.put("listenPort", 51821);
                    b.put("networks", null);
                }),
                "If-Match",
                "\"v0\"");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.header("ETag")).isEqualTo("\"v1\"");
        assertThat(changed.json().get("listenPort").asInt()).isEqualTo(51821);
        assertThat(changed.json().get("networks").size()).isZero();
        assertThat(audited("gateway.group-changed", "gateway-group:" + id)).isEqualTo(1);

        var unconditional = api.send("PUT", GROUPS + "/" + id, callers.adminToken, group(b -> {}));
        assertThat(unconditional.status()).isEqualTo(428);
        var stale = api.send("PUT", GROUPS + "/" + id, callers.adminToken, group(b -> {}), "If-Match", "\"v0\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(jdbc.queryForObject("select listen_port from gateway_group where id = ?", Integer.class, id))
                .isEqualTo(51821);
    }

    @Test
    void of_two_updates_with_the_same_etag_exactly_one_wins_and_the_other_is_refused() {
        long id = createGroup();
        Callable<Integer> port = () -> api.send(
                        "PUT",
                        GROUPS + "/" + id,
                        callers.adminToken,
                        group(b -> b.put("listenPort", 51822)),
                        "If-Match",
                        "\"v0\"")
                .status();
        Callable<Integer> release = () -> api.send(
                        "PUT",
                        GROUPS + "/" + id,
                        callers.adminToken,
                        group(b -> b.put("networks", List.of())),
                        "If-Match",
                        "\"v0\"")
                .status();

        var statuses = new ArrayList<Integer>();
        Race.run(List.of(port, release))
                .forEach(o -> statuses.add(Objects.requireNonNull(o.value(), String.valueOf(o.error()))));
        Collections.sort(statuses);
        assertThat(statuses).containsExactly(200, 412);
        assertThat(audited("gateway.group-changed", "gateway-group:" + id)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select version from gateway_group where id = ?", Integer.class, id))
                .isEqualTo(1);
    }

    @Test
    void a_members_credential_is_shown_once_when_issued_and_works_for_its_agent() throws Exception {
        long id = createGroup();

        var added = api.send("POST", GROUPS + "/" + id + "/members", callers.adminToken, "{\"name\":\"gw-a\"}");
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        assertThat(added.header("Cache-Control")).contains("no-store");
        long member = added.json().get("memberId").asLong();
        var token = added.json().get("token").asString();
        assertThat(token).isNotBlank();
        assertThat(audited("gateway.member-added", "gateway-member:" + member)).isEqualTo(1);
        var agent = new AgentHttp(baseUrl());
        assertThat(agent.state(token, "snapshot=true").statusCode()).isEqualTo(200);

        var rotated = api.send("POST", MEMBERS + "/" + member + "/rotate-credential", callers.adminToken, null);
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        assertThat(rotated.header("Cache-Control")).contains("no-store");
        var newToken = rotated.json().get("token").asString();
        assertThat(newToken).isNotEqualTo(token);
        assertThat(agent.state(newToken, "snapshot=true").statusCode()).isEqualTo(200);
        assertThat(audited("gateway.credential-rotated", "gateway-member:" + member))
                .isEqualTo(1);

        // Never again: not in what the API reads back, not in the audit log, not in the database.
        var members = api.get(callers.adminToken, GROUPS + "/" + id + "/members");
        assertThat(members.status()).isEqualTo(200);
        assertThat(members.json().get(0).get("name").asString()).isEqualTo("gw-a");
        assertThat(members.json().get(0).get("credentialRotatedAt").isNull()).isFalse();
        for (var secret : List.of(token, newToken, secretPart(token), secretPart(newToken))) {
            assertThat(members.body()).doesNotContain(secret);
            assertThat(api.get(callers.adminToken, GROUPS + "/" + id).body()).doesNotContain(secret);
            assertThat(jdbc.queryForObject(
                            "select count(*) from audit_event where details like ?", Long.class, "%" + secret + "%"))
                    .isZero();
            assertThat(jdbc.queryForList("select * from gateway_member where id = ?", member)
                            .toString())
                    .doesNotContain(secret);
        }

        var revoked = api.send("POST", MEMBERS + "/" + member + "/revoke", callers.adminToken, null);
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(audited("gateway.member-revoked", "gateway-member:" + member))
                .isEqualTo(1);
        assertThat(agent.state(newToken, "snapshot=true").statusCode()).isEqualTo(401);
        var again = api.send("POST", MEMBERS + "/" + member + "/revoke", callers.adminToken, null);
        assertThat(again.status()).isEqualTo(409);
        var noNewCredential = api.send("POST", MEMBERS + "/" + member + "/rotate-credential", callers.adminToken, null);
        assertThat(noNewCredential.status()).isEqualTo(409);
        assertThat(noNewCredential.body()).doesNotContain("token");
    }

    /** The part of a credential after its last dot (the secret), or the whole when it has none. */
    private static String secretPart(String token) {
        return token.substring(token.lastIndexOf('.') + 1);
    }

    @Test
    void hostile_bodies_are_refused_naming_the_field_and_change_nothing() {
        long id = createGroup();
        var added = api.send("POST", GROUPS + "/" + id + "/members", callers.adminToken, "{\"name\":\"gw-a\"}");
        assertThat(added.status()).isEqualTo(201);
        var before = state(id);

        var groups = new LinkedHashMap<String, String>();
        groups.put(group(b -> b.put("name", "g".repeat(100_000))), "name");
        groups.put(group(b -> b.put("name", "edge\nforged")), "name");
        groups.put(group(b -> b.put("name", null)), "name");
        groups.put(group(b -> b.put("endpoint", "gw.example.test:51820\r\nX: y")), "endpoint");
        groups.put(group(b -> b.put("endpoint", "gw.example.test:99999")), "endpoint");
        groups.put(group(b -> b.put("listenPort", 70_000)), "listenPort");
        groups.put(group(b -> b.put("listenPort", "high")), "listenPort");
        groups.put(group(b -> b.put("listenPort", null)), "listenPort");
        groups.put(group(b -> b.put("networks", List.of(987_654_321L))), "networks");
        groups.put(group(b -> b.put("networks", Collections.nCopies(101, network))), "networks");
        groups.put(group(b -> b.put("networks", List.of("all"))), "networks[0]");
        groups.put(group(b -> b.put("publicKey", "not a key")), "publicKey");
        groups.put(group(b -> b.put("revision", 99)), "revision");
        for (var entry : groups.entrySet()) {
            var created = api.send("POST", GROUPS, callers.adminToken, entry.getKey());
            assertThat(created.status()).as("POST %s", created).isEqualTo(400);
            assertThat(created.json().get("field").asString())
                    .as("POST %s", created)
                    .isEqualTo(entry.getValue());
            var changed = api.send("PUT", GROUPS + "/" + id, callers.adminToken, entry.getKey(), "If-Match", "\"v0\"");
            assertThat(changed.status()).as("PUT %s", changed).isEqualTo(400);
            assertThat(changed.json().get("field").asString())
                    .as("PUT %s", changed)
                    .isEqualTo(entry.getValue());
        }

        var members = new LinkedHashMap<String, Integer>();
        members.put("{\"name\":\"gw b\"}", 400);
        members.put("{\"name\":\"gw-b\\nforged\"}", 400);
        members.put("{\"name\":\"" + "m".repeat(100_000) + "\"}", 400);
        members.put("{\"name\":null}", 400);
        members.put("{\"name\":[\"gw-b\"]}", 400);
        members.put("{\"name\":\"gw-b\",\"token\":\"mine\"}", 400);
        members.put("{\"name\":\"GW-A\"}", 409);
        for (var entry : members.entrySet()) {
            var response = api.send("POST", GROUPS + "/" + id + "/members", callers.adminToken, entry.getKey());
            assertThat(response.status()).as(response.toString()).isEqualTo(entry.getValue());
            assertThat(response.json().get("field").asString())
                    .as(response.toString())
                    .isEqualTo(entry.getKey().contains("\"token\"") ? "token" : "name");
        }
        assertThat(state(id)).isEqualTo(before);
    }
}
