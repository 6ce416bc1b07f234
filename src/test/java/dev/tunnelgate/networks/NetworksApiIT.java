package dev.tunnelgate.networks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.apitokens.ApiTokenService;
import dev.tunnelgate.testing.ApiCallers;
import dev.tunnelgate.testing.ApiClient;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.Race;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

/** Networks over the REST API: the same validation, audit and locking as the Networks view, plus ETag / If-Match. */
class NetworksApiIT extends PortalIntegrationTest {
    private static final String NETWORKS = "/api/v1/networks";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApiTokenService tokens;

    ApiClient api;
    ApiCallers callers;
    String name;
    String pool;

    @BeforeEach
    void setUp() {
        api = new ApiClient(baseUrl());
        callers = new ApiCallers(jdbc, tokens);
        name = "api-net-" + UUID.randomUUID().toString().substring(0, 8);
        pool = "10.%d.0.0/16".formatted(ThreadLocalRandom.current().nextInt(100, 200));
    }

    /** A valid network body with some properties changed (a null value removes the property). */
    private String body(Consumer<Map<String, @Nullable Object>> change) {
        var body = new LinkedHashMap<String, @Nullable Object>();
        body.put("name", name);
        body.put("ipv4Pool", pool);
        body.put("endpoint", "vpn.example.test:51820");
        body.put("tunnelMode", "SPLIT");
        body.put("allowedIps", List.of(pool, "192.168.10.0/24"));
        body.put("approvalMode", "MANUAL");
        body.put("devicesPerUser", 3);
        change.accept(body);
        body.values().removeIf(Objects::isNull);
        return ApiClient.JSON.writeValueAsString(body);
    }

    private long create() {
        var created = api.send("POST", NETWORKS, callers.adminToken, body(b -> {}));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private long audited(String action, long id) {
        return Objects.requireNonNull(jdbc.queryForObject(
                "select count(*) from audit_event where action = ? and target = ? and actor like ?",
                Long.class,
                action,
                "network:" + id,
                "%(user:" + callers.admin + ")"));
    }

    private Map<String, Object> row(long id) {
        return jdbc.queryForMap("select * from network where id = ?", id);
    }

    @Test
    void an_admin_creates_reads_and_changes_a_network_each_change_audited_as_in_the_view() {
        var created = api.send("POST", NETWORKS, callers.adminToken, body(b -> b.put("mtu", null)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.header("Location")).isEqualTo(NETWORKS + "/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"v0\"");
        assertThat(created.json().get("name").asString()).isEqualTo(name);
        assertThat(created.json().get("mtu").asInt()).isEqualTo(NetworkSpec.DEFAULT_MTU);
        assertThat(created.json().get("openWithoutPolicies").asBoolean()).isFalse();
        assertThat(audited("network.created", id)).isEqualTo(1);

        var read = api.get(callers.auditorToken, NETWORKS + "/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo("\"v0\"");
        assertThat(read.json().get("allowedIps").toString()).contains("192.168.10.0/24");
        assertThat(api.send("GET", NETWORKS + "/" + id, callers.adminToken, null, "If-None-Match", "\"v0\"")
                        .status())
                .isEqualTo(304);

        var changed = api.send(
                "PUT",
                NETWORKS + "/" + id,
                callers.adminToken,
                body(b -> b.put("name", name + "-renamed")),
                "If-Match",
                "\"v0\"");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.header("ETag")).isEqualTo("\"v1\"");
        assertThat(changed.json().get("name").asString()).isEqualTo(name + "-renamed");
        assertThat(row(id).get("NAME")).isEqualTo(name + "-renamed");
        assertThat(audited("network.changed", id)).isEqualTo(1);

        var page = api.get(callers.adminToken, NETWORKS + "?size=500");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().get("items").findValues("id").stream().map(v -> v.asLong()))
                .contains(id);
        assertThat(page.json().get("size").asInt()).isEqualTo(500);
    }

    @Test
    void an_update_needs_the_current_etag_and_without_it_changes_nothing() {
        long id = create();
        var before = row(id);
        var renamed = body(b -> b.put("name", name + "-x"));

        var unconditional = api.send("PUT", NETWORKS + "/" + id, callers.adminToken, renamed);
        assertThat(unconditional.status()).isEqualTo(428);
        assertThat(unconditional.problem()).isEqualTo("precondition-required");

        for (var stale : List.of("\"v1\"", "\"v-1\"", "v0", "*", "W/\"x\"")) {
            var refused = api.send("PUT", NETWORKS + "/" + id, callers.adminToken, renamed, "If-Match", stale);
            assertThat(refused.status()).as(stale).isEqualTo(412);
            assertThat(refused.problem()).isEqualTo("precondition-failed");
        }
        assertThat(row(id)).isEqualTo(before);
        assertThat(audited("network.changed", id)).isZero();

        // The weak form of the current tag names the same version.
        var weak = api.send("PUT", NETWORKS + "/" + id, callers.adminToken, renamed, "If-Match", "W/\"v0\"");
        assertThat(weak.status()).as(weak.toString()).isEqualTo(200);
    }

    @Test
    void of_two_updates_with_the_same_etag_exactly_one_wins_and_the_other_is_refused() {
        long id = create();

        Callable<Integer> rename = () -> api.send(
                        "PUT",
                        NETWORKS + "/" + id,
                        callers.adminToken,
                        body(b -> b.put("name", name + "-a")),
                        "If-Match",
                        "\"v0\"")
                .status();
        Callable<Integer> widen = () -> api.send(
                        "PUT",
                        NETWORKS + "/" + id,
                        callers.adminToken,
                        body(b -> b.put("devicesPerUser", 7)),
                        "If-Match",
                        "\"v0\"")
                .status();
        var outcomes = Race.run(List.of(rename, widen));

        var statuses = new ArrayList<Integer>();
        outcomes.forEach(o -> statuses.add(Objects.requireNonNull(o.value())));
        Collections.sort(statuses);
        assertThat(statuses).containsExactly(200, 412);
        assertThat(row(id).get("VERSION")).isEqualTo(1);
        assertThat(audited("network.changed", id)).isEqualTo(1);
    }

    @Test
    void lifecycle_rules_are_read_and_changed_under_the_networks_etag() {
        long id = create();

        var rules = api.get(callers.auditorToken, NETWORKS + "/" + id + "/lifecycle");
        assertThat(rules.status()).isEqualTo(200);
        assertThat(rules.header("ETag")).isEqualTo("\"v0\"");
        assertThat(rules.json().get("expireAfterDays").isNull()).isTrue();
        assertThat(rules.json().get("rotationOverlapHours").asInt()).isEqualTo(24);

        var path = NETWORKS + "/" + id + "/lifecycle";
        assertThat(api.send("PUT", path, callers.adminToken, "{\"expireAfterDays\":30}")
                        .status())
                .isEqualTo(428);
        var tooLong = api.send("PUT", path, callers.adminToken, "{\"staleAfterDays\":99999}", "If-Match", "\"v0\"");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("field").asString()).isEqualTo("staleAfterDays");

        var changed = api.send("PUT", path, callers.adminToken, "{\"expireAfterDays\":30}", "If-Match", "\"v0\"");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.header("ETag")).isEqualTo("\"v1\"");
        assertThat(changed.json().get("expireAfterDays").asInt()).isEqualTo(30);
        assertThat(audited("network.lifecycle-changed", id)).isEqualTo(1);
        // Rules and settings share the row's version: a settings PUT with the older tag is refused.
        var stale = api.send("PUT", NETWORKS + "/" + id, callers.adminToken, body(b -> {}), "If-Match", "\"v0\"");
        assertThat(stale.status()).isEqualTo(412);
    }

    @Test
    void hostile_bodies_are_refused_naming_the_field_and_change_nothing() {
        long id = create();
        var before = row(id);
        long networks = Objects.requireNonNull(jdbc.queryForObject("select count(*) from network", Long.class));
        var hostile = new LinkedHashMap<String, String>();
        hostile.put(body(b -> b.put("name", "x".repeat(100_000))), "name");
        hostile.put(body(b -> b.put("name", "office\nforged: line")), "name");
        hostile.put(body(b -> b.put("name", "office\u0000")), "name");
        hostile.put(body(b -> b.put("name", "office\u202Eevil")), "name");
        hostile.put(body(b -> b.put("name", null)), "name");
        hostile.put(body(b -> b.put("mtu", "big")), "mtu");
        hostile.put(body(b -> b.put("mtu", 100_000)), "mtu");
        hostile.put(body(b -> b.put("devicesPerUser", null)), "devicesPerUser");
        hostile.put(body(b -> b.put("devicesPerUser", "three")), "devicesPerUser");
        hostile.put(body(b -> b.put("tunnelMode", "SIDEWAYS")), "tunnelMode");
        hostile.put(body(b -> b.put("approvalMode", null)), "approvalMode");
        hostile.put(body(b -> b.put("ipv4Pool", "10.0.0.0/33")), "ipv4Pool");
        hostile.put(body(b -> b.put("ipv4Pool", "10.0.0.1/16")), "ipv4Pool");
        hostile.put(body(b -> b.put("ipv4Pool", "fd00::/64")), "ipv4Pool");
        hostile.put(body(b -> b.put("ipv4Pool", "10.0.0.0/16; drop table network")), "ipv4Pool");
        hostile.put(body(b -> b.put("allowedIps", List.of("not-a-cidr"))), "allowedIps");
        hostile.put(body(b -> b.put("allowedIps", "10.0.0.0/8")), "allowedIps");
        hostile.put(body(b -> b.put("gatewayAddresses", Arrays.asList((Object) null))), "gatewayAddresses");
        hostile.put(body(b -> b.put("dnsServers", Collections.nCopies(1000, "10.0.0.53"))), "dnsServers");
        hostile.put(body(b -> b.put("endpoint", "vpn.example.test:51820\r\nX-Injected: 1")), "endpoint");
        hostile.put(body(b -> b.put("gatewayPublicKey", "AAAA")), "gatewayPublicKey");
        hostile.put(body(b -> b.put("owner", "someone")), "owner");
        // Not coerced: a number in quotes, a fraction for a whole number, a number for a text.
        hostile.put(body(b -> b.put("mtu", "1420")), "mtu");
        hostile.put(body(b -> b.put("devicesPerUser", 2.5)), "devicesPerUser");
        hostile.put(body(b -> b.put("name", 42)), "name");

        for (var entry : hostile.entrySet()) {
            var created = api.send("POST", NETWORKS, callers.adminToken, entry.getKey());
            assertThat(created.status()).as("POST %s", created).isEqualTo(400);
            assertThat(created.json().get("field").asString())
                    .as("POST %s", created)
                    .isEqualTo(entry.getValue());
            assertThat(created.body()).doesNotContain("drop table", "X-Injected", "forged");
            var changed =
                    api.send("PUT", NETWORKS + "/" + id, callers.adminToken, entry.getKey(), "If-Match", "\"v0\"");
            assertThat(changed.status()).as("PUT %s", changed).isEqualTo(400);
            assertThat(changed.json().get("field").asString())
                    .as("PUT %s", changed)
                    .isEqualTo(entry.getValue());
        }
        var malformed = api.send("POST", NETWORKS, callers.adminToken, "{\"name\": \"x\"");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.problem()).isEqualTo("unreadable-body");
        var badId = api.get(callers.adminToken, NETWORKS + "/abc");
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().get("field").asString()).isEqualTo("id");
        var badPage = api.get(callers.adminToken, NETWORKS + "?size=501");
        assertThat(badPage.status()).isEqualTo(400);
        assertThat(badPage.json().get("field").asString()).isEqualTo("size");

        assertThat(row(id)).isEqualTo(before);
        assertThat(jdbc.queryForObject("select count(*) from network", Long.class))
                .isEqualTo(networks);
        assertThat(audited("network.changed", id)).isZero();
    }

    @Test
    void a_body_over_one_mebibyte_is_refused_before_it_is_read() {
        long networks = Objects.requireNonNull(jdbc.queryForObject("select count(*) from network", Long.class));

        var huge = api.send("POST", NETWORKS, callers.adminToken, body(b -> b.put("name", "x".repeat(1_100_000))));

        assertThat(huge.status()).as(huge.toString()).isEqualTo(413);
        assertThat(huge.problem()).isEqualTo("body-too-large");
        assertThat(jdbc.queryForObject("select count(*) from network", Long.class))
                .isEqualTo(networks);
    }

    @Test
    void a_taken_name_is_a_conflict_on_the_name() {
        create();
        var again =
                api.send("POST", NETWORKS, callers.adminToken, body(b -> b.put("name", name.toUpperCase(Locale.ROOT))));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problem()).isEqualTo("conflict");
        assertThat(again.json().get("field").asString()).isEqualTo("name");
    }
}
