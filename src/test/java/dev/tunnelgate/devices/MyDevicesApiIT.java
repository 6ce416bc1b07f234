package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.apitokens.ApiTokenScope;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.testing.Race;
import dev.tunnelgate.wgconfig.PrivateKeyEntry;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The caller's own devices over real HTTP: enrollment with the caller's key, reading, renaming, revoking, config. */
class MyDevicesApiIT extends DevicesApiTest {
    long alice;
    String alices;
    long bob;
    String bobs;

    @BeforeEach
    void users() {
        alice = user("Alice");
        alices = token(alice, ApiTokenScope.READ_WRITE);
        bob = user("Bob");
        bobs = token(bob, ApiTokenScope.READ_WRITE, Roles.ADMIN, Roles.APPROVER, Roles.AUDITOR);
    }

    private long auditCount(String action) {
        return Objects.requireNonNull(
                jdbc.queryForObject("select count(*) from audit_event where action = ?", Long.class, action));
    }

    private long keysRegistered() {
        return Objects.requireNonNull(jdbc.queryForObject("select count(*) from device_key", Long.class));
    }

    @Test
    void a_device_enrolled_with_the_callers_key_is_approved_as_the_network_decides() {
        var key = newKey();
        var created = enroll(alices, automatic, "laptop", key);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        var device = created.json();
        long id = device.get("id").asLong();
        assertThat(created.header("Location")).isEqualTo("/api/v1/devices/" + id);
        assertThat(device.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(device.get("name").asString()).isEqualTo("laptop");
        assertThat(device.get("publicKey").asString()).isEqualTo(key);
        assertThat(device.get("keyOrigin").asString()).isEqualTo("USER");
        assertThat(device.get("platform").asString()).isEqualTo("OTHER");
        assertThat(device.get("networkId").asLong()).isEqualTo(automatic);
        assertThat(device.get("networkName").asString()).isEqualTo("auto-" + suffix);
        assertThat(device.get("ownerId").asLong()).isEqualTo(alice);
        assertThat(device.get("ipv4Address").asString()).startsWith("10.");
        assertThat(device.get("createdAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(device.has("presharedKey")).isFalse();
        assertThat(device.has("privateKey")).isFalse();

        var waiting = api.send(
                "POST",
                "/api/v1/devices",
                alices,
                json("name", "phone", "networkId", manual, "publicKey", newKey(), "platform", "IOS"));
        assertThat(waiting.status()).isEqualTo(201);
        assertThat(waiting.json().get("status").asString()).isEqualTo("PENDING");
        assertThat(waiting.json().get("platform").asString()).isEqualTo("IOS");

        var read = api.get(alices, "/api/v1/devices/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("publicKey").asString()).isEqualTo(key);
    }

    @Test
    void the_list_is_the_callers_own_newest_first_paged_and_ended_devices_only_on_request() {
        long first = enrolled(alice, automatic);
        long second = enrolled(alice, automatic);
        long third = enrolled(alice, manual);
        long bobsDevice = enrolled(bob, automatic);
        assertThat(api.send("POST", "/api/v1/devices/" + first + "/revoke", alices, null)
                        .status())
                .isEqualTo(200);

        var current = api.get(alices, "/api/v1/devices").json();
        assertThat(current.get("items").findValues("id").stream().map(n -> n.asLong()))
                .containsExactly(third, second);
        assertThat(current.get("hasNext").asBoolean()).isFalse();

        var all = api.get(alices, "/api/v1/devices?ended=true").json();
        assertThat(all.get("items").findValues("id").stream().map(n -> n.asLong()))
                .containsExactly(third, second, first)
                .doesNotContain(bobsDevice);

        var page = api.get(alices, "/api/v1/devices?ended=true&size=2&page=0").json();
        assertThat(page.get("items").size()).isEqualTo(2);
        assertThat(page.get("hasNext").asBoolean()).isTrue();
        var next = api.get(alices, "/api/v1/devices?ended=true&size=2&page=1").json();
        assertThat(next.get("items").get(0).get("id").asLong()).isEqualTo(first);
        assertThat(next.get("hasNext").asBoolean()).isFalse();

        assertProblem(api.get(alices, "/api/v1/devices?size=501"), 400, "invalid-input", "size");
        assertProblem(api.get(alices, "/api/v1/devices?page=-1"), 400, "invalid-input", "page");
        assertProblem(api.get(alices, "/api/v1/devices?ended=maybe"), 400, "invalid-input", "ended");
    }

    @Test
    void rename_and_revoke_change_the_device_and_say_so() {
        long id = enrolled(alice, automatic);

        var renamed = api.send("PATCH", "/api/v1/devices/" + id, alices, json("name", "  work laptop "));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(renamed.json().get("name").asString()).isEqualTo("work laptop");
        assertThat(stored(id).name()).isEqualTo("work laptop");

        var revoked = api.send("POST", "/api/v1/devices/" + id + "/revoke", alices, json("reason", "sold it"));
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(revoked.json().get("status").asString()).isEqualTo("REVOKED");
        assertThat(revoked.json().get("revokeReason").asString()).isEqualTo("sold it");

        var again = api.send("POST", "/api/v1/devices/" + id + "/revoke", alices, null);
        assertProblem(again, 409, "conflict", null);
        assertThat(again.json().get("detail").asString()).contains("revoked already");
    }

    @Test
    void the_config_is_a_wireguard_file_with_a_placeholder_for_the_key_the_server_never_had() {
        long id = enroll(alices, automatic, "laptop", newKey()).json().get("id").asLong();

        var config = api.get(alices, "/api/v1/devices/" + id + "/config");

        assertThat(config.status()).as(config.toString()).isEqualTo(200);
        assertThat(config.header("Content-Type")).isEqualTo("text/plain;charset=UTF-8");
        assertThat(config.header("Content-Disposition"))
                .startsWith("attachment")
                .contains(".conf");
        assertThat(config.header("Cache-Control")).contains("no-store");
        assertThat(config.body())
                .contains("[Interface]", "PrivateKey = " + PrivateKeyEntry.PLACEHOLDER_TEXT)
                .contains(
                        "[Peer]", "PublicKey = " + GATEWAY_KEY, "PresharedKey = ", "Endpoint = vpn.example.test:51820");
        var psk = config.body()
                .lines()
                .filter(line -> line.startsWith("PresharedKey = "))
                .findFirst()
                .orElseThrow()
                .substring("PresharedKey = ".length());
        // The preshared key is in the owner's config download and nowhere else the API shows.
        assertThat(api.get(alices, "/api/v1/devices/" + id).body()).doesNotContain(psk);
        assertThat(api.get(alices, "/api/v1/devices").body()).doesNotContain(psk);
        assertThat(api.get(bobs, "/api/v1/fleet/devices?owner=Alice+" + suffix).body())
                .contains("\"id\":" + id)
                .doesNotContain(psk);

        long noGateway = network("no-gateway", ApprovalMode.AUTOMATIC, null);
        long waiting =
                enroll(alices, noGateway, "tablet", newKey()).json().get("id").asLong();
        assertProblem(api.get(alices, "/api/v1/devices/" + waiting + "/config"), 409, "conflict", null);
    }

    @Test
    void another_users_device_is_not_found_on_every_endpoint_and_stays_as_it_was() {
        long bobsDevice = enrolled(bob, automatic);
        var before = stored(bobsDevice);
        // Bob has every role: even an admin reaches another user's device only through the admin endpoints.
        long alicesDevice = enrolled(alice, automatic);
        var alicesBefore = stored(alicesDevice);

        for (var probe : List.of(
                new String[] {alices, Long.toString(bobsDevice)}, new String[] {bobs, Long.toString(alicesDevice)})) {
            var token = probe[0];
            var path = "/api/v1/devices/" + probe[1];
            assertProblem(api.get(token, path), 404, "not-found", null);
            assertProblem(api.send("PATCH", path, token, json("name", "mine now")), 404, "not-found", null);
            assertProblem(api.send("POST", path + "/revoke", token, null), 404, "not-found", null);
            assertProblem(api.send("POST", path + "/revoke", token, json("reason", "x")), 404, "not-found", null);
            assertProblem(api.get(token, path + "/config"), 404, "not-found", null);
        }
        assertProblem(api.get(alices, "/api/v1/devices/999999999"), 404, "not-found", null);
        assertProblem(api.get(alices, "/api/v1/devices/abc"), 400, "invalid-input", "id");

        assertThat(stored(bobsDevice)).isEqualTo(before);
        assertThat(stored(alicesDevice)).isEqualTo(alicesBefore);
        assertThat(api.get(alices, "/api/v1/devices?ended=true").body()).doesNotContain("\"id\":" + bobsDevice);
    }

    @Test
    void hostile_enrollments_are_refused_naming_the_field_and_store_nothing() {
        long other = enrolled(bob, automatic);
        var othersKey = Objects.requireNonNull(
                jdbc.queryForObject("select public_key from device where id = ?", String.class, other));
        var lowOrder = Base64.getEncoder()
                .encodeToString(
                        HexFormat.of().parseHex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"));
        var key = newKey();
        var devicesBefore = devicesOf(alice);
        var keysBefore = keysRegistered();
        var createdBefore = auditCount("device.created");

        record Case(String body, int status, String type, String field) {}
        var cases = List.of(
                new Case(
                        json("name", "x".repeat(65), "networkId", automatic, "publicKey", key),
                        400,
                        "invalid-input",
                        "name"),
                new Case(
                        json("name", "y".repeat(100_000), "networkId", automatic, "publicKey", key),
                        400,
                        "invalid-input",
                        "name"),
                new Case(
                        json(
                                "name",
                                "laptop\n[Peer]\nAllowedIPs = 0.0.0.0/0",
                                "networkId",
                                automatic,
                                "publicKey",
                                key),
                        400,
                        "invalid-input",
                        "name"),
                new Case(
                        json("name", "laptop\r\nX-Injected: 1", "networkId", automatic, "publicKey", key),
                        400,
                        "invalid-input",
                        "name"),
                new Case(
                        json("name", "evil\u202Etxt.exe", "networkId", automatic, "publicKey", key),
                        400,
                        "invalid-input",
                        "name"),
                new Case(
                        json("name", "nul\u0000byte", "networkId", automatic, "publicKey", key),
                        400,
                        "invalid-input",
                        "name"),
                new Case(json("name", "   ", "networkId", automatic, "publicKey", key), 400, "invalid-input", "name"),
                new Case(json("networkId", automatic, "publicKey", key), 400, "invalid-input", "name"),
                new Case(json("name", "laptop", "publicKey", key), 400, "invalid-input", "networkId"),
                new Case(
                        json("name", "laptop", "networkId", 999_999_999, "publicKey", key),
                        400,
                        "invalid-input",
                        "networkId"),
                new Case(json("name", "laptop", "networkId", automatic), 400, "invalid-input", "publicKey"),
                new Case(
                        json("name", "laptop", "networkId", automatic, "publicKey", "not a key!"),
                        400,
                        "invalid-input",
                        "publicKey"),
                new Case(
                        json(
                                "name",
                                "laptop",
                                "networkId",
                                automatic,
                                "publicKey",
                                Base64.getEncoder().encodeToString(new byte[31])),
                        400,
                        "invalid-input",
                        "publicKey"),
                new Case(
                        json(
                                "name",
                                "laptop",
                                "networkId",
                                automatic,
                                "publicKey",
                                Base64.getEncoder().encodeToString(new byte[32])),
                        400,
                        "invalid-input",
                        "publicKey"),
                new Case(
                        json("name", "laptop", "networkId", automatic, "publicKey", lowOrder),
                        400,
                        "invalid-input",
                        "publicKey"),
                new Case(
                        json(
                                "name",
                                "laptop",
                                "networkId",
                                automatic,
                                "publicKey",
                                key.substring(0, 20) + "\n" + key.substring(20)),
                        400,
                        "invalid-input",
                        "publicKey"),
                new Case(
                        json("name", "laptop", "networkId", automatic, "publicKey", GATEWAY_KEY),
                        400,
                        "invalid-input",
                        "publicKey"),
                new Case(
                        json("name", "laptop", "networkId", automatic, "publicKey", othersKey),
                        409,
                        "conflict",
                        "publicKey"),
                new Case(
                        json("name", "laptop", "networkId", automatic, "publicKey", key, "expiresInDays", 0),
                        400,
                        "invalid-input",
                        "expiresInDays"),
                new Case(
                        json("name", "laptop", "networkId", automatic, "publicKey", key, "privateKey", "s3cr3t-value"),
                        400,
                        "unreadable-body",
                        "privateKey"),
                new Case(
                        json("name", "laptop", "networkId", automatic, "publicKey", key, "ownerId", bob),
                        400,
                        "unreadable-body",
                        "ownerId"),
                new Case(
                        json("name", List.of("laptop"), "networkId", automatic, "publicKey", key),
                        400,
                        "unreadable-body",
                        "name"),
                new Case(
                        json("name", "laptop", "networkId", "first", "publicKey", key),
                        400,
                        "unreadable-body",
                        "networkId"),
                new Case(
                        json("name", "laptop", "networkId", automatic, "publicKey", key, "platform", "TOASTER"),
                        400,
                        "unreadable-body",
                        "platform"),
                new Case(
                        json("name", "laptop", "networkId", automatic, "publicKey", Map.of("bytes", 42)),
                        400,
                        "unreadable-body",
                        "publicKey"),
                new Case("{\"name\": \"laptop\", ", 400, "unreadable-body", null),
                new Case("[]", 400, "unreadable-body", null));
        for (var c : cases) {
            var response = api.send("POST", "/api/v1/devices", alices, c.body());
            assertProblem(response, c.status(), c.type(), c.field());
            assertThat(response.body())
                    .as("never echoes the input")
                    .doesNotContain("[Peer]", "X-Injected", "s3cr3t-value");
        }
        assertProblem(api.send("POST", "/api/v1/devices", alices, null), 400, "unreadable-body", null);

        assertThat(devicesOf(alice)).isEqualTo(devicesBefore);
        assertThat(keysRegistered()).isEqualTo(keysBefore);
        assertThat(auditCount("device.created")).isEqualTo(createdBefore);
        // The key refused above for format reasons was never taken: it enrolls now.
        assertThat(enroll(alices, automatic, "laptop", key).status()).isEqualTo(201);
    }

    @Test
    void hostile_renames_and_revocations_change_nothing() {
        long id = enrolled(alice, automatic);
        long sibling = enrolled(alice, automatic);
        var siblingName = stored(sibling).name();
        var before = stored(id);
        var path = "/api/v1/devices/" + id;

        assertProblem(api.send("PATCH", path, alices, json("name", "n".repeat(65))), 400, "invalid-input", "name");
        assertProblem(api.send("PATCH", path, alices, json("name", "a\nb")), 400, "invalid-input", "name");
        assertProblem(api.send("PATCH", path, alices, json("name", "a\u2028b")), 400, "invalid-input", "name");
        assertProblem(api.send("PATCH", path, alices, json("name", "")), 400, "invalid-input", "name");
        assertProblem(api.send("PATCH", path, alices, "{}"), 400, "invalid-input", "name");
        assertProblem(
                api.send("PATCH", path, alices, json("name", siblingName.toUpperCase(Locale.ROOT))),
                409,
                "conflict",
                "name");
        assertProblem(
                api.send("PATCH", path, alices, json("name", "ok", "status", "ACTIVE")),
                400,
                "unreadable-body",
                "status");
        assertProblem(api.send("PATCH", path, alices, json("name", List.of())), 400, "unreadable-body", "name");
        assertProblem(api.send("PATCH", path, alices, json("name", Map.of("a", 1))), 400, "unreadable-body", "name");
        assertProblem(
                api.send("POST", path + "/revoke", alices, json("reason", "r".repeat(501))),
                400,
                "invalid-input",
                "reason");
        assertProblem(
                api.send("POST", path + "/revoke", alices, json("reason", "lost\nAUDIT forged")),
                400,
                "invalid-input",
                "reason");
        assertProblem(
                api.send("POST", path + "/revoke", alices, json("reason", "ok", "extra", 1)),
                400,
                "unreadable-body",
                "extra");
        assertProblem(api.send("PUT", path, alices, json("name", "x")), 405, "method-not-allowed", null);

        assertThat(stored(id)).isEqualTo(before);
        assertThat(stored(id).status()).isEqualTo("ACTIVE");
    }

    @Test
    void one_key_enrolled_by_many_requests_at_once_goes_to_one_device() {
        var key = newKey();
        var outcomes = Race.run(8, () -> enroll(alices, automatic, "race-" + UUID.randomUUID(), key));

        var statuses = outcomes.stream()
                .map(o -> Objects.requireNonNull(o.value()).status())
                .toList();
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(outcomes)
                .map(o -> Objects.requireNonNull(o.value()))
                .filteredOn(r -> r.status() != 201)
                .allSatisfy(r -> assertProblem(r, 409, "conflict", "publicKey"));
        assertThat(jdbc.queryForObject("select count(*) from device where public_key = ?", Long.class, key))
                .isEqualTo(1);
    }

    @Test
    void a_read_only_token_reads_its_devices_and_changes_none() {
        long id = enrolled(alice, automatic);
        var readOnly = token(alice, ApiTokenScope.READ_ONLY);
        var before = stored(id);

        assertThat(api.get(readOnly, "/api/v1/devices/" + id).status()).isEqualTo(200);
        assertProblem(
                api.send("PATCH", "/api/v1/devices/" + id, readOnly, json("name", "x")), 403, "read-only-token", null);
        assertProblem(
                api.send("POST", "/api/v1/devices/" + id + "/revoke", readOnly, null), 403, "read-only-token", null);
        assertProblem(enroll(readOnly, automatic, "x", newKey()), 403, "read-only-token", null);
        assertThat(stored(id)).isEqualTo(before);
        assertThat(devicesOf(alice)).isEqualTo(1);
    }
}
