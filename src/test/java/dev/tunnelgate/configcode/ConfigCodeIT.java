package dev.tunnelgate.configcode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.apitokens.ApiTokenScope;
import dev.tunnelgate.apitokens.ApiTokenService;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.testing.ApiClient;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.Race;
import dev.tunnelgate.testing.TestUsers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Configuration as code over real HTTP: a file applied, exported, changed, compared and applied again; hostile files
 * refused with nothing changed; who may export, compare and apply. Objects carry a name suffix of their own test
 * (the portal is shared with the other tests), and the tests compare only those.
 */
class ConfigCodeIT extends PortalIntegrationTest {
    static final YAMLMapper YAML =
            YAMLMapper.builder().enable(YAMLWriteFeature.MINIMIZE_QUOTES).build();

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApiTokenService tokens;

    ApiClient api;
    HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long admin;
    String adminToken;
    String suffix;
    String aliceSubject;
    int octet;

    @BeforeEach
    void setUp() {
        api = new ApiClient(baseUrl());
        admin = TestUsers.insert(jdbc, "Config Admin");
        adminToken = ApiClient.token(jdbc, tokens, admin, ApiTokenScope.READ_WRITE, Roles.ADMIN);
        suffix = UUID.randomUUID().toString().substring(0, 8);
        var alice = TestUsers.insert(jdbc, "Alice");
        aliceSubject = jdbc.queryForObject("select subject from app_user where id = ?", String.class, alice);
        octet = ThreadLocalRandom.current().nextInt(100, 250);
    }

    /**
     * Policies and destinations of this test are deleted (the services can, and other tests' exports stay small);
     * networks and gateway groups stay, under names no other test uses, as the portal never deletes them either.
     */
    @AfterEach
    void cleanUp() {
        jdbc.update("delete from access_policy where name like ?", "%" + suffix + "%");
        jdbc.update("delete from destination where name like ?", "%" + suffix + "%");
    }

    String name(String object) {
        return "cc-" + suffix + "-" + object;
    }

    /** A configuration of this test's objects; the values a later step changes are parameters. */
    String file(int mtu, String ports, boolean enabled) {
        return """
                schemaVersion: 1
                networks:
                  - name: %1$s
                    ipv4Pool: 10.%2$d.0.0/16
                    gatewayAddresses: [10.%2$d.0.1]
                    allowedIps: [10.%2$d.0.0/16]
                    approvalMode: GROUPS
                    autoApproveGroups: [staff]
                    mtu: %3$d
                  - name: %4$s
                    ipv4Pool: 172.%5$d.0.0/16
                    tunnelMode: FULL
                    endpoint: lab-%6$s.example.com:51820
                    expireAfterDays: 30
                destinations:
                  - name: %7$s
                    prefixes: [10.%2$d.5.0/24]
                    protocol: TCP
                    ports: [%8$s]
                policies:
                  - name: %9$s
                    enabled: %10$s
                    networks: [%1$s]
                    destinations: [%7$s]
                    groups: [staff]
                    users:
                      - issuer: https://idp.test
                        subject: %11$s
                gatewayGroups:
                  - name: %12$s
                    endpoint: vpn-%6$s.example.com:51820
                    networks: [%1$s]
                """.formatted(
                        name("office"),
                        octet,
                        mtu,
                        name("lab"),
                        octet - 100,
                        suffix,
                        name("web"),
                        ports,
                        name("staff"),
                        enabled,
                        aliceSubject,
                        name("main"));
    }

    ApiClient.Response post(String action, String token, byte[] body) {
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/config/" + action))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new ApiClient.Response(response.statusCode(), response.headers(), response.body());
        } catch (Exception e) {
            throw new AssertionError(action + " failed", e);
        }
    }

    ApiClient.Response post(String action, String token, String yaml) {
        return post(action, token, yaml.getBytes(StandardCharsets.UTF_8));
    }

    long auditedBy(long userId) {
        return Objects.requireNonNull(jdbc.queryForObject(
                "select count(*) from audit_event where actor like ?", Long.class, "%(user:" + userId + ")"));
    }

    long count(String table) {
        return Objects.requireNonNull(jdbc.queryForObject(
                "select count(*) from " + table + " where name like ?", Long.class, "%" + suffix + "%"));
    }

    /** This test's objects in the number of rows of each kind. */
    Map<String, Long> rows() {
        return Map.of(
                "network", count("network"),
                "destination", count("destination"),
                "access_policy", count("access_policy"),
                "gateway_group", count("gateway_group"));
    }

    /** The objects of an export whose name holds {@code marker}, as a file of their own. */
    static String only(String export, String marker) {
        var tree = (ObjectNode) YAML.readTree(export);
        for (var kind : List.of("networks", "destinations", "policies", "gatewayGroups")) {
            var kept = YAML.createArrayNode();
            for (JsonNode entry : (ArrayNode) tree.get(kind)) {
                if (entry.get("name").asString().contains(marker)) {
                    kept.add(entry);
                }
            }
            tree.set(kind, kept);
        }
        return YAML.writeValueAsString(tree);
    }

    @Test
    void a_file_applied_exported_changed_and_applied_again_changes_exactly_what_it_says() {
        var first = file(1420, "443", true);

        var preview = post("diff", adminToken, first);
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.json().get("changeCount").asInt()).isEqualTo(5);
        assertThat(preview.json().get("applied").asBoolean()).isFalse();
        assertThat(preview.json().get("text").asString())
                .contains(
                        "+ create network \"" + name("office") + "\"", "+ create gateway group", "5 changes to apply");
        assertThat(rows())
                .as("a diff changes nothing")
                .containsOnly(
                        Map.entry("network", 0L),
                        Map.entry("destination", 0L),
                        Map.entry("access_policy", 0L),
                        Map.entry("gateway_group", 0L));

        var applied = post("apply", adminToken, first);
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        assertThat(applied.json().get("applied").asBoolean()).isTrue();
        assertThat(applied.json().get("text").asString()).contains("5 changes applied");
        assertThat(rows())
                .containsOnly(
                        Map.entry("network", 2L),
                        Map.entry("destination", 1L),
                        Map.entry("access_policy", 1L),
                        Map.entry("gateway_group", 1L));
        // Audited by the services, as from the UI, in the order of applying: the destination, the lab network and its
        // lifecycle rule, the office network (created with its group's endpoint: no reassignment to audit), the group,
        // the policy.
        assertThat(jdbc.queryForList(
                        "select action from audit_event where actor like ? order by id",
                        String.class,
                        "%(user:" + admin + ")"))
                .filteredOn(action -> !action.startsWith("api-token."))
                .containsExactly(
                        "destination.created",
                        "network.created",
                        "network.lifecycle-changed",
                        "network.created",
                        "gateway.group-created",
                        "policy.created");

        // The export holds the file's objects in canonical form, and comparing it with the portal finds nothing.
        var export = api.get(adminToken, "/api/v1/config");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.header("Content-Type")).startsWith("application/yaml");
        assertThat(api.get(adminToken, "/api/v1/config").body()).as("stable").isEqualTo(export.body());
        var mine = only(export.body(), suffix);
        assertThat(mine).contains("name: " + name("office"), "subject: " + aliceSubject, "expireAfterDays: 30");
        var networks = YAML.readTree(mine).get("networks");
        assertThat(networks.get(0).get("endpoint").asString()).isEqualTo("lab-" + suffix + ".example.com:51820");
        assertThat(networks.get(1).has("endpoint"))
                .as("set by its gateway group")
                .isFalse();
        assertThat(post("diff", adminToken, mine).json().get("changeCount").asInt())
                .isZero();
        assertThat(post("diff", adminToken, first).json().get("changeCount").asInt())
                .isZero();

        // Change three values: the diff names exactly those, apply makes them, and then nothing is left to do.
        var second = file(1380, "443, 8443", false);
        var changes = post("diff", adminToken, second);
        assertThat(changes.json().get("changeCount").asInt()).isEqualTo(3);
        assertThat(changes.json().get("text").asString())
                .contains("    mtu: 1420 -> 1380", "    ports: [443] -> [443, 8443]", "    enabled: true -> false");
        assertThat(changes.json().get("changes").toString()).doesNotContain("ipv4Pool");
        assertThat(post("apply", adminToken, second).json().get("changeCount").asInt())
                .isEqualTo(3);
        assertThat(post("diff", adminToken, second).json().get("changeCount").asInt())
                .isZero();

        // Applying the same file again changes nothing and audits nothing.
        var audited = auditedBy(admin);
        var again = post("apply", adminToken, second);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("applied").asBoolean()).isFalse();
        assertThat(again.json().get("changeCount").asInt()).isZero();
        assertThat(again.json().get("text").asString()).contains("No changes");
        assertThat(auditedBy(admin)).isEqualTo(audited);
    }

    @Test
    void an_export_applied_under_other_names_recreates_the_same_configuration() {
        assertThat(post("apply", adminToken, file(1400, "443, 8000-8080", true)).status())
                .isEqualTo(200);
        var original = only(api.get(adminToken, "/api/v1/config").body(), suffix);
        var copySuffix = UUID.randomUUID().toString().substring(0, 8);
        // The copy's group needs pools of its own: the same network cannot be in two groups, the names differ.
        var copy = original.replace(suffix, copySuffix);
        try {
            var created = post("apply", adminToken, copy);
            assertThat(created.status()).as(created.body()).isEqualTo(200);
            assertThat(created.json().get("changeCount").asInt()).isEqualTo(5);
            assertThat(created.json().get("changes").findValuesAsString("action"))
                    .containsOnly("create");

            var recreated = only(api.get(adminToken, "/api/v1/config").body(), copySuffix);
            assertThat(recreated.replace(copySuffix, suffix)).isEqualTo(original);
        } finally {
            jdbc.update("delete from access_policy where name like ?", "%" + copySuffix + "%");
            jdbc.update("delete from destination where name like ?", "%" + copySuffix + "%");
        }
    }

    @Test
    void prune_deletes_the_destinations_and_policies_the_file_does_not_name() {
        assertThat(post("apply", adminToken, file(1420, "443", true)).status()).isEqualTo(200);
        var mine = only(api.get(adminToken, "/api/v1/config").body(), suffix);
        var tree = (ObjectNode) YAML.readTree(mine);
        tree.put("prune", true);
        tree.set("policies", YAML.createArrayNode());
        // Other tests' destinations are not in this file: prune would delete them too, so it lists only its kind.
        tree.remove("destinations");

        var pruned = post("apply", adminToken, YAML.writeValueAsString(tree));

        assertThat(pruned.status()).as(pruned.body()).isEqualTo(200);
        assertThat(pruned.json().get("changes").findValuesAsString("action")).contains("delete");
        assertThat(count("access_policy")).isZero();
        assertThat(count("destination")).isEqualTo(1);
        assertThat(count("network")).isEqualTo(2);
    }

    @Test
    void hostile_files_are_refused_with_a_problem_naming_their_place_and_change_nothing() {
        var office = name("office");
        var cases = Map.of(
                "schemaVersion: 1\nnetworks:\n  - name: a\n   mtu: [1\n",
                "file",
                "schemaVersion: 1\nnetworks:\n  - name: " + office + "\n    colour: blue\n",
                "networks[0]",
                "schemaVersion: 1\nnetworks:\n  - name: " + office + "\n    mtu: lots\n",
                "networks[0].mtu",
                "schemaVersion: 1\ndestinations:\n  - name: " + name("d")
                        + "\n    prefixes: [10.0.0.0/8]\n    protocol: ANY\n" + "  - name: " + name("D")
                        + "\n    prefixes: [10.0.0.0/8]\n    protocol: ANY\n",
                "destinations[1].name",
                "schemaVersion: 1\npolicies:\n  - name: " + name("p") + "\n    networks: [nowhere-" + suffix
                        + "]\n    destinations: []\n    groups: [g]\n",
                "policies[0].networks[0]",
                "schemaVersion: 1\na: &a [x, x]\nb: [*a, *a]\n",
                "file",
                "schemaVersion: 1\nnetworks:\n  - name: \"" + office + "\\u202E\"\n    ipv4Pool: 10.1.0.0/16\n",
                "networks[0].name",
                "schemaVersion: 1\ndestinations:\n  - name: \"" + name("x") + "\\n\"\n    prefixes: [10.0.0.0/8]\n",
                "destinations[0].name");
        var rows = rows();
        var audited = auditedBy(admin);
        for (var hostile : cases.entrySet()) {
            for (var action : List.of("diff", "apply")) {
                var response = post(action, adminToken, hostile.getKey());
                assertThat(response.status())
                        .as(action + " " + hostile.getKey())
                        .isEqualTo(400);
                assertThat(response.problem()).isIn("invalid-input", "conflict");
                assertThat(response.json().get("field").asString())
                        .as(hostile.getKey())
                        .isEqualTo(hostile.getValue());
            }
        }
        var tooLarge = post("apply", adminToken, ("schemaVersion: 1\n#" + "x".repeat(1024 * 1024)).getBytes());
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.problem()).isEqualTo("body-too-large");
        var notUtf8 = post("apply", adminToken, new byte[] {'a', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
        assertThat(notUtf8.status()).isEqualTo(400);
        assertThat(notUtf8.json().get("detail").asString()).contains("not UTF-8");
        assertThat(post("apply", adminToken, new byte[0]).json().get("detail").asString())
                .contains("empty");

        assertThat(rows()).isEqualTo(rows);
        assertThat(auditedBy(admin)).isEqualTo(audited);
    }

    @Test
    void a_refusal_by_a_service_halfway_through_leaves_nothing_of_the_file() {
        // The planner lets this through; the gateway service refuses the group (its networks' pools overlap) after
        // the destination and both networks were created in the same transaction.
        var yaml = """
                schemaVersion: 1
                networks:
                  - name: %1$s
                    ipv4Pool: 10.%3$d.0.0/16
                    tunnelMode: FULL
                  - name: %2$s
                    ipv4Pool: 10.%3$d.128.0/17
                    tunnelMode: FULL
                destinations:
                  - name: %4$s
                    prefixes: [10.%3$d.0.0/16]
                    protocol: ANY
                gatewayGroups:
                  - name: %5$s
                    endpoint: vpn-%6$s.example.com:51820
                    networks: [%1$s, %2$s]
                """.formatted(name("a"), name("b"), octet, name("d"), name("g"), suffix);
        assertThat(post("diff", adminToken, yaml).json().get("changeCount").asInt())
                .isEqualTo(4);
        var audited = auditedBy(admin);

        var refused = post("apply", adminToken, yaml);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("field").asString()).isEqualTo("gatewayGroups[0].networks");
        assertThat(refused.json().get("detail").asString()).contains("overlap");
        assertThat(rows())
                .containsOnly(
                        Map.entry("network", 0L),
                        Map.entry("destination", 0L),
                        Map.entry("access_policy", 0L),
                        Map.entry("gateway_group", 0L));
        assertThat(auditedBy(admin)).isEqualTo(audited);
    }

    @Test
    void two_applies_of_one_file_at_once_create_its_objects_once() {
        var yaml = "schemaVersion: 1\ndestinations:\n  - name: %s\n    prefixes: [10.%d.0.0/16]\n    protocol: ANY\n"
                .formatted(name("race"), octet);

        var outcomes = Race.run(4, () -> post("apply", adminToken, yaml));

        assertThat(outcomes)
                .allSatisfy(outcome -> assertThat(outcome.succeeded()).isTrue());
        var responses = outcomes.stream().map(Race.Outcome::value).toList();
        assertThat(responses)
                .filteredOn(r -> r.status() == 200 && r.json().get("applied").asBoolean())
                .hasSize(1);
        // The others came second: refused as a taken name (nothing of them stays), or found nothing left to do.
        assertThat(responses)
                .filteredOn(r -> !(r.status() == 200 && r.json().get("applied").asBoolean()))
                .allSatisfy(r -> assertThat(
                                r.status() == 409 || r.json().get("changeCount").asInt() == 0)
                        .as(r.toString())
                        .isTrue());
        assertThat(count("destination")).isEqualTo(1);
    }

    @Test
    void auditors_and_read_only_tokens_export_and_compare_but_only_admins_with_read_write_tokens_apply() {
        var yaml = file(1420, "443", true);
        var auditor = TestUsers.insert(jdbc, "Auditor");
        var auditorToken = ApiClient.token(jdbc, tokens, auditor, ApiTokenScope.READ_WRITE, Roles.AUDITOR);
        var adminReadOnly = ApiClient.token(jdbc, tokens, admin, ApiTokenScope.READ_ONLY, Roles.ADMIN);
        var employee = TestUsers.insert(jdbc, "Employee");
        var employeeToken = ApiClient.token(jdbc, tokens, employee, ApiTokenScope.READ_WRITE);
        var approver = TestUsers.insert(jdbc, "Approver");
        var approverToken = ApiClient.token(jdbc, tokens, approver, ApiTokenScope.READ_WRITE, Roles.APPROVER);

        for (var reader : List.of(auditorToken, adminReadOnly)) {
            assertThat(api.get(reader, "/api/v1/config").status()).isEqualTo(200);
            assertThat(post("diff", reader, yaml).status()).isEqualTo(200);
        }
        var auditorApply = post("apply", auditorToken, yaml);
        assertThat(auditorApply.status()).isEqualTo(403);
        assertThat(auditorApply.problem()).isEqualTo("forbidden");
        var readOnlyApply = post("apply", adminReadOnly, yaml);
        assertThat(readOnlyApply.status()).isEqualTo(403);
        assertThat(readOnlyApply.problem()).isEqualTo("read-only-token");
        for (var outsider : List.of(employeeToken, approverToken)) {
            assertThat(api.get(outsider, "/api/v1/config").status()).isEqualTo(403);
            assertThat(post("diff", outsider, yaml).status()).isEqualTo(403);
            assertThat(post("apply", outsider, yaml).status()).isEqualTo(403);
        }
        assertThat(api.get(null, "/api/v1/config").status()).isEqualTo(401);
        assertThat(post("diff", null, yaml).status()).isEqualTo(401);
        assertThat(post("apply", null, yaml).status()).isEqualTo(401);
        assertThat(rows())
                .containsOnly(
                        Map.entry("network", 0L),
                        Map.entry("destination", 0L),
                        Map.entry("access_policy", 0L),
                        Map.entry("gateway_group", 0L));

        assertThat(post("apply", adminToken, yaml).status()).isEqualTo(200);
    }
}
