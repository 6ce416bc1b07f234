package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.apitokens.ApiTokenScope;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.testing.TestUsers;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The admin Devices list over real HTTP: the view's filters as query parameters, sort, paging, admin revocation. */
class FleetApiIT extends DevicesApiTest {
    @Autowired
    DeviceFleet fleet;

    FleetFixture fx;
    long network;
    String admin;
    String auditor;
    long carol;
    long dave;
    long fresh;
    long silent;
    long revoked;
    long expiring;

    @BeforeEach
    void fleet() {
        fx = new FleetFixture(jdbc);
        network = fx.network(networks, "fleet-api");
        admin = token(user("Fleet admin"), ApiTokenScope.READ_WRITE, Roles.ADMIN);
        auditor = token(user("Fleet auditor"), ApiTokenScope.READ_WRITE, Roles.AUDITOR);
        carol = fx.user("Carol Fleet " + fx.suffix, "carol@" + fx.suffix + ".example.com");
        dave = fx.user("Dave Fleet " + fx.suffix, null);
        var now = Instant.now();
        fresh = fx.device(FleetFixture.spec(carol, network, "b-fresh")
                .created(now.minus(Duration.ofDays(3)))
                .handshake(now));
        silent = fx.device(FleetFixture.spec(carol, network, "d-silent")
                .created(now.minus(Duration.ofDays(60)))
                .handshake(now.minus(Duration.ofDays(40))));
        revoked = fx.device(FleetFixture.spec(dave, network, "a-revoked")
                .created(now.minus(Duration.ofDays(2)))
                .status(DeviceStatus.REVOKED));
        expiring = fx.device(FleetFixture.spec(dave, network, "c-expiring")
                .created(now.minus(Duration.ofDays(1)))
                .status(DeviceStatus.PENDING)
                .expires(now.plus(Duration.ofDays(5))));
    }

    private List<Long> ids(String token, String query) {
        var response = api.get(token, "/api/v1/fleet/devices?network=" + network + "&" + query);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("items").findValues("id").stream()
                .map(n -> n.asLong())
                .toList();
    }

    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void the_views_filters_narrow_the_list_newest_first() {
        assertThat(ids(auditor, "")).containsExactly(expiring, revoked, fresh, silent);
        assertThat(ids(auditor, "status=active")).containsExactly(fresh, silent);
        assertThat(ids(auditor, "status=REVOKED")).containsExactly(revoked);
        assertThat(ids(auditor, "silent=30")).containsExactly(silent);
        assertThat(ids(auditor, "expires=7")).containsExactly(expiring);
        assertThat(ids(auditor, "owner=" + encoded("carol fleet " + fx.suffix))).containsExactly(fresh, silent);
        assertThat(ids(auditor, "owner=" + encoded("carol@" + fx.suffix))).containsExactly(fresh, silent);
        assertThat(ids(auditor, "owner=" + encoded("%")))
                .as("% is a character, not a wildcard")
                .isEmpty();
        assertThat(ids(auditor, "owner=" + encoded("nobody_" + fx.suffix))).isEmpty();
        assertThat(ids(admin, "status=active&silent=30&owner=" + encoded("Carol")))
                .containsExactly(silent);
        assertThat(ids(admin, "unknown=ignored")).hasSize(4);

        var count = api.get(auditor, "/api/v1/fleet/devices/count?network=" + network + "&status=active");
        assertThat(count.status()).isEqualTo(200);
        assertThat(count.json().get("count").asLong()).isEqualTo(2);

        var row = api.get(auditor, "/api/v1/fleet/devices?network=" + network + "&status=revoked")
                .json()
                .get("items")
                .get(0);
        assertThat(row.get("ownerName").asString()).isEqualTo("Dave Fleet " + fx.suffix);
        assertThat(row.get("networkName").asString()).startsWith("fleet-api-");
        assertThat(row.get("revokeReason").asString()).isEqualTo("earlier");
        assertThat(row.has("presharedKey")).isFalse();
    }

    @Test
    void sorted_by_the_views_columns_and_paged_without_repeats_or_gaps() {
        assertThat(ids(admin, "sort=name")).containsExactly(revoked, fresh, expiring, silent);
        assertThat(ids(admin, "sort=name,desc")).containsExactly(silent, expiring, fresh, revoked);
        assertThat(ids(admin, "sort=owner,asc&sort=created,asc")).containsExactly(silent, fresh, revoked, expiring);
        assertThat(ids(admin, "sort=handshake,desc")).startsWith(fresh, silent);

        var first = api.get(admin, "/api/v1/fleet/devices?network=" + network + "&sort=name&size=3")
                .json();
        assertThat(first.get("hasNext").asBoolean()).isTrue();
        assertThat(first.get("size").asInt()).isEqualTo(3);
        assertThat(ids(admin, "sort=name&size=3&page=1")).containsExactly(silent);
        assertThat(api.get(admin, "/api/v1/fleet/devices?network=" + network + "&sort=name&size=3&page=1")
                        .json()
                        .get("hasNext")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void parameters_the_view_would_ignore_are_refused_by_name() {
        record Case(String query, String field) {}
        for (var c : List.of(
                new Case("status=bogus", "status"),
                new Case("status=" + encoded("actıve"), "status"),
                new Case("status=active&status=revoked", "status"),
                new Case("network=abc", "network"),
                new Case("network=-1", "network"),
                new Case("silent=0", "silent"),
                new Case("silent=3651", "silent"),
                new Case("expires=1e3", "expires"),
                new Case("owner=" + encoded("a\nb"), "owner"),
                new Case("owner=" + encoded("x".repeat(201)), "owner"),
                new Case("owner=" + encoded("\u202Eevil"), "owner"),
                new Case("sort=" + encoded("name; drop table device"), "sort"),
                new Case("sort=" + encoded("d.name"), "sort"),
                new Case("sort=name,sideways", "sort"),
                new Case("sort=name&sort=name,desc", "sort"),
                new Case("size=0", "size"),
                new Case("size=501", "size"),
                new Case("page=-1", "page"),
                new Case("page=x", "page"))) {
            var response = api.get(auditor, "/api/v1/fleet/devices?" + c.query());
            assertProblem(response, 400, "invalid-input", c.field());
            assertThat(response.body()).doesNotContain("drop table", "\u202E");
        }
        assertProblem(api.get(auditor, "/api/v1/fleet/devices/count?silent=-3"), 400, "invalid-input", "silent");
    }

    @Test
    void an_admin_revokes_one_device_with_the_reason_its_owner_reads() {
        long ownerUser = user("Owner");
        long id = enrolled(ownerUser, automatic);
        var ownerToken = token(ownerUser, ApiTokenScope.READ_ONLY);
        var before = stored(id);

        assertProblem(
                api.send("POST", "/api/v1/fleet/devices/" + id + "/revoke", admin, "{}"),
                400,
                "invalid-input",
                "reason");
        assertProblem(
                api.send("POST", "/api/v1/fleet/devices/" + id + "/revoke", admin, json("reason", " ")),
                400,
                "invalid-input",
                "reason");
        assertProblem(
                api.send("POST", "/api/v1/fleet/devices/" + id + "/revoke", admin, json("reason", "a\nb")),
                400,
                "invalid-input",
                "reason");
        assertProblem(
                api.send("POST", "/api/v1/fleet/devices/" + id + "/revoke", admin, null), 400, "unreadable-body", null);
        assertProblem(
                api.send("POST", "/api/v1/fleet/devices/" + id + "/revoke", admin, json("reason", "x", "notify", true)),
                400,
                "unreadable-body",
                "notify");
        assertThat(stored(id)).isEqualTo(before);

        var response =
                api.send("POST", "/api/v1/fleet/devices/" + id + "/revoke", admin, json("reason", "reported stolen"));
        assertThat(response.status()).as(response.toString()).isEqualTo(204);
        var seen = api.get(ownerToken, "/api/v1/devices/" + id).json();
        assertThat(seen.get("status").asString()).isEqualTo("REVOKED");
        assertThat(seen.get("revokeReason").asString()).isEqualTo("reported stolen");
        assertThat(seen.get("revokedBy").asString()).startsWith("Fleet admin");

        assertProblem(
                api.send("POST", "/api/v1/fleet/devices/" + id + "/revoke", admin, json("reason", "again")),
                409,
                "conflict",
                null);
        assertProblem(
                api.send("POST", "/api/v1/fleet/devices/999999999/revoke", admin, json("reason", "x")),
                404,
                "not-found",
                null);
    }

    @Test
    void a_page_is_what_the_view_shows_for_the_same_filter() {
        var viaApi = ids(admin, "status=active&sort=name,desc");
        var viaService = TestUsers.as(
                user("Service auditor"),
                () -> fleet.page(
                        new FleetFilter(null, network, DeviceStatus.ACTIVE, null, null),
                        List.of(new FleetColumn.Order(FleetColumn.NAME, true)),
                        0,
                        50),
                Roles.USER,
                Roles.AUDITOR);
        assertThat(viaApi).isEqualTo(viaService.stream().map(DeviceRow::id).toList());
    }
}
