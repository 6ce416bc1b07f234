package dev.tunnelgate.gateways.agentapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.devices.KeyOrigin;
import dev.tunnelgate.devices.KeyRotation;
import dev.tunnelgate.gateways.AgentHttp;
import dev.tunnelgate.gateways.GatewayFixture;
import dev.tunnelgate.gateways.GatewayFixture.Enrolled;
import dev.tunnelgate.gateways.GatewayIntegrationTest;
import dev.tunnelgate.gateways.IssuedCredential;
import dev.tunnelgate.keys.WgKeyPair;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.protocol.AgentWire;
import dev.tunnelgate.protocol.EndpointRole;
import dev.tunnelgate.protocol.KnownEndpoint;
import dev.tunnelgate.protocol.PeerStats;
import dev.tunnelgate.protocol.StatusReport;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The portal's side of a VRRP pair over real HTTP: the role each member reports (stored, a takeover audited, hostile
 * reports refused) and {@code GET /endpoints}, where the group's peers were last seen by any of its members.
 */
class EndpointRoleIT extends GatewayIntegrationTest {
    private static final String GATEWAY_KEY =
            WgKeyPair.generate(GatewayFixture.RANDOM).publicKey().toBase64();
    private static final String OTHER_KEY =
            WgKeyPair.generate(GatewayFixture.RANDOM).publicKey().toBase64();

    @Autowired
    KeyRotation rotation;

    AgentHttp http;
    long network;
    long group;
    IssuedCredential gwA;
    IssuedCredential gwB;
    Instant now;

    @BeforeEach
    void setUp() {
        http = new AgentHttp(baseUrl());
        network = fixture.network(ApprovalMode.MANUAL, 50);
        group = fixture.group(GATEWAY_KEY, "vpn.example.test:51820", 51820, network);
        gwA = fixture.member(group, "gw-a-" + fixture.suffix);
        gwB = fixture.member(group, "gw-b-" + fixture.suffix);
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    private Enrolled device(long networkId) {
        var device = fixture.enroll(networkId);
        fixture.approve(device.id());
        return device;
    }

    private HttpResponse<String> report(
            IssuedCredential member, String groupKey, List<PeerStats> peers, @Nullable EndpointRole role)
            throws Exception {
        var report = new StatusReport("0.1.0", groupKey, 0, null, peers, List.of(), List.of()).withEndpointRole(role);
        return http.status(member.token(), AgentWire.encode(report));
    }

    private void reportOk(IssuedCredential member, List<PeerStats> peers) throws Exception {
        assertThat(report(member, GATEWAY_KEY, peers, null).statusCode()).isEqualTo(204);
    }

    private PeerStats seen(Enrolled device, long secondsAgo, String endpoint) {
        return new PeerStats(device.publicKey(), now.minusSeconds(secondsAgo), 10, 10, endpoint);
    }

    private Map<String, KnownEndpoint> endpoints(IssuedCredential member) throws Exception {
        var response = http.endpoints(member.token(), "");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(
                        type -> assertThat(type).startsWith(AgentWire.MEDIA_TYPE.split(";")[0]));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        return AgentWire.decodeEndpoints(response.body()).stream()
                .collect(Collectors.toMap(KnownEndpoint::publicKey, known -> known));
    }

    private @Nullable String role(IssuedCredential member) {
        return jdbc.queryForObject(
                "select endpoint_role from gateway_member where id = ?", String.class, member.memberId());
    }

    private List<String> takeovers(IssuedCredential member) {
        return jdbc.queryForList(
                "select details from audit_event where action = 'gateway.endpoint-taken-over' and target = ?"
                        + " order by id",
                String.class,
                "gateway-member:" + member.memberId());
    }

    @Test
    void the_freshest_endpoint_any_member_saw_wins_and_other_groups_never_leak() throws Exception {
        var roaming = device(network);
        var settled = device(network);
        var silent = device(network);
        var otherNetwork = fixture.network(ApprovalMode.MANUAL, 5);
        long otherGroup = fixture.group(OTHER_KEY, "other.example.test:51821", 51821, otherNetwork);
        var gwX = fixture.member(otherGroup, "gw-x-" + fixture.suffix);
        var elsewhere = device(otherNetwork);

        reportOk(
                gwA,
                List.of(
                        seen(roaming, 60, "192.0.2.1:40000"),
                        seen(settled, 10, "192.0.2.2:40000"),
                        new PeerStats(silent.publicKey(), null, 0, 0, null)));
        reportOk(gwB, List.of(seen(roaming, 5, "[2001:db8::7]:41000"), seen(settled, 100, "198.51.100.2:40000")));
        assertThat(report(gwX, OTHER_KEY, List.of(seen(elsewhere, 1, "203.0.113.9:40000")), null)
                        .statusCode())
                .isEqualTo(204);

        var known = endpoints(gwA);
        assertThat(known).containsOnlyKeys(roaming.publicKey(), settled.publicKey());
        assertThat(known.get(roaming.publicKey()).endpoint()).isEqualTo("[2001:db8::7]:41000");
        assertThat(known.get(roaming.publicKey()).latestHandshake()).isEqualTo(now.minusSeconds(5));
        assertThat(known.get(settled.publicKey()).endpoint()).isEqualTo("192.0.2.2:40000");
        assertThat(endpoints(gwB)).isEqualTo(known);
        assertThat(endpoints(gwX)).containsOnlyKeys(elsewhere.publicKey());
    }

    @Test
    void a_revoked_devices_key_and_a_replaced_key_are_not_listed() throws Exception {
        var revoked = device(network);
        var rotating = device(network);
        var newKey = WgKeyPair.generate(GatewayFixture.RANDOM).publicKey().toBase64();
        fixture.as(fixture.owner, () -> rotation.start(rotating.id(), KeyOrigin.USER, newKey));
        reportOk(
                gwA,
                List.of(
                        seen(revoked, 5, "192.0.2.5:40000"),
                        seen(rotating, 30, "192.0.2.6:40000"),
                        new PeerStats(newKey, now.minusSeconds(20), 1, 1, "192.0.2.7:40000")));
        // The new key's handshake completed the rotation: the old key is no peer of the group any more.
        assertThat(jdbc.queryForObject("select public_key from device where id = ?", String.class, rotating.id()))
                .isEqualTo(newKey);
        assertThat(endpoints(gwA)).containsOnlyKeys(revoked.publicKey(), newKey);

        fixture.revoke(revoked.id());

        assertThat(endpoints(gwA)).containsOnlyKeys(newKey);
        assertThat(endpoints(gwA).get(newKey).endpoint()).isEqualTo("192.0.2.7:40000");
    }

    @Test
    void a_revoked_member_gets_401_and_its_sightings_no_longer_count() throws Exception {
        var device = device(network);
        reportOk(gwA, List.of(seen(device, 60, "192.0.2.1:40000")));
        reportOk(gwB, List.of(seen(device, 5, "192.0.2.66:40000")));
        assertThat(endpoints(gwA).get(device.publicKey()).endpoint()).isEqualTo("192.0.2.66:40000");

        fixture.asAdmin(() -> {
            gateways.revokeMember(gwB.memberId());
            return null;
        });

        assertThat(http.endpoints(gwB.token(), "").statusCode()).isEqualTo(401);
        assertThat(endpoints(gwA).get(device.publicKey()).endpoint()).isEqualTo("192.0.2.1:40000");
    }

    @Test
    void the_endpoints_take_no_parameters_and_no_stranger() throws Exception {
        var otherNetwork = fixture.network(ApprovalMode.MANUAL, 5);
        long otherGroup = fixture.group(OTHER_KEY, "other.example.test:51821", 51821, otherNetwork);

        var naming = http.endpoints(gwA.token(), "group=" + otherGroup);
        assertThat(naming.statusCode()).isEqualTo(400);
        assertThat(naming.body()).contains("takes no parameters").doesNotContain(Long.toString(otherGroup));
        assertThat(http.endpoints("tgw1." + gwA.memberId() + "." + "A".repeat(43), "")
                        .statusCode())
                .isEqualTo(401);
        assertThat(http.endpoints("", "").statusCode()).isEqualTo(401);
    }

    @Test
    void a_member_taking_the_endpoint_over_is_stored_with_its_time_and_audited_once() throws Exception {
        assertThat(report(gwA, GATEWAY_KEY, List.of(), EndpointRole.HOLDER).statusCode())
                .isEqualTo(204);
        assertThat(report(gwB, GATEWAY_KEY, List.of(), EndpointRole.STANDBY).statusCode())
                .isEqualTo(204);
        assertThat(role(gwA)).isEqualTo("HOLDER");
        assertThat(role(gwB)).isEqualTo("STANDBY");
        assertThat(takeovers(gwA)).singleElement().asString().contains(gwA.memberName() + " holds");
        var since = jdbc.queryForObject(
                "select endpoint_role_since from gateway_member where id = ?",
                java.sql.Timestamp.class,
                gwA.memberId());

        // The same role again: neither a new time nor a new audit event.
        assertThat(report(gwA, GATEWAY_KEY, List.of(), EndpointRole.HOLDER).statusCode())
                .isEqualTo(204);
        assertThat(jdbc.queryForObject(
                        "select endpoint_role_since from gateway_member where id = ?",
                        java.sql.Timestamp.class,
                        gwA.memberId()))
                .isEqualTo(since);
        assertThat(takeovers(gwA)).hasSize(1);

        // gw-b takes over while gw-a has not reported yet: the audit names gw-a as still claiming it.
        assertThat(report(gwB, GATEWAY_KEY, List.of(), EndpointRole.HOLDER).statusCode())
                .isEqualTo(204);
        assertThat(takeovers(gwB))
                .singleElement()
                .asString()
                .contains(gwB.memberName() + " holds")
                .contains(gwA.memberName() + " still claimed it");
        assertThat(report(gwA, GATEWAY_KEY, List.of(), EndpointRole.STANDBY).statusCode())
                .isEqualTo(204);
        assertThat(role(gwA)).isEqualTo("STANDBY");

        // An agent that is no longer told (no --vip) reports no role: stored as none.
        assertThat(report(gwA, GATEWAY_KEY, List.of(), null).statusCode()).isEqualTo(204);
        assertThat(role(gwA)).isNull();
    }

    @Test
    void an_invalid_role_word_is_refused_with_400_and_changes_nothing() throws Exception {
        assertThat(report(gwA, GATEWAY_KEY, List.of(), EndpointRole.STANDBY).statusCode())
                .isEqualTo(204);
        var before = jdbc.queryForMap(
                "select endpoint_role, endpoint_role_since, applied_revision from gateway_member where id = ?",
                gwA.memberId());
        var body = AgentWire.encode(new StatusReport("0.1.0", GATEWAY_KEY, 0, null, List.of(), List.of(), List.of())
                        .withEndpointRole(EndpointRole.STANDBY))
                .replace("endpoint-role standby", "endpoint-role master");

        var response = http.status(gwA.token(), body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(jdbc.queryForMap(
                        "select endpoint_role, endpoint_role_since, applied_revision from gateway_member where id = ?",
                        gwA.memberId()))
                .isEqualTo(before);
        assertThat(takeovers(gwA)).isEmpty();
    }

    @Test
    void a_revoked_member_claiming_the_endpoint_is_refused_and_changes_nothing() throws Exception {
        assertThat(report(gwB, GATEWAY_KEY, List.of(), EndpointRole.STANDBY).statusCode())
                .isEqualTo(204);
        fixture.asAdmin(() -> {
            gateways.revokeMember(gwB.memberId());
            return null;
        });

        assertThat(report(gwB, GATEWAY_KEY, List.of(), EndpointRole.HOLDER).statusCode())
                .isEqualTo(401);

        assertThat(role(gwB)).isEqualTo("STANDBY");
        assertThat(takeovers(gwB)).isEmpty();
    }
}
