package dev.tunnelgate.gateways;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.devices.EnrollmentRequest;
import dev.tunnelgate.devices.KeyOrigin;
import dev.tunnelgate.devices.Platform;
import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.keys.WgKeyPair;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.NetworkChanged;
import dev.tunnelgate.networks.NetworkChanging;
import dev.tunnelgate.policy.AccessChanges;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.protocol.AccessRule;
import dev.tunnelgate.protocol.AgentWire;
import dev.tunnelgate.protocol.GatewayState;
import dev.tunnelgate.protocol.Grant;
import dev.tunnelgate.protocol.PeerSetHash;
import dev.tunnelgate.protocol.PeerSpec;
import dev.tunnelgate.protocol.PortRange;
import dev.tunnelgate.testing.PolicyRows;
import dev.tunnelgate.testing.Race;
import dev.tunnelgate.testing.TestNetworks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

/** Grants on the gateway side: what snapshots and deltas carry, the peer hash under races, and the startup repair. */
class GatewayAccessIT extends GatewayIntegrationTest {
    @Autowired
    AccessChanges accessChanges;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    DesiredState desiredState;

    @Autowired
    GroupHashRepair repair;

    @Autowired
    ApplicationEventPublisher events;

    PolicyRows rows;
    AgentHttp http;
    long network;
    long group;
    IssuedCredential member;

    @BeforeEach
    void setUp() {
        rows = new PolicyRows(jdbc);
        http = new AgentHttp(baseUrl());
        network = fixture.network(ApprovalMode.AUTOMATIC, 50);
        group = fixture.group(TestNetworks.newGatewayKey(), "vpn.example.test:51820", 51820, network);
        member = fixture.member(group, "gw-a");
    }

    private <T> T change(java.util.function.Supplier<T> change) {
        return tx.execute(status -> accessChanges.apply(List.of(network), change));
    }

    private long enrollOf(long userId) {
        var key = WgKeyPair.generate(GatewayFixture.RANDOM).publicKey().toBase64();
        return fixture.as(
                        userId,
                        () -> devices.enroll(new EnrollmentRequest(
                                "dev-" + UUID.randomUUID().toString().substring(0, 8),
                                Platform.LINUX,
                                network,
                                KeyOrigin.USER,
                                key)))
                .device()
                .id();
    }

    private String publicKeyOf(long deviceId) {
        return jdbc.queryForObject("select public_key from device where id = ?", String.class, deviceId);
    }

    private GatewayState state(String query) throws Exception {
        var response = http.state(member.token(), query);
        assertThat(response.statusCode()).isEqualTo(200);
        return AgentWire.decodeState(response.body());
    }

    private String storedHash() {
        return jdbc.queryForObject("select peer_hash from gateway_group where id = ?", String.class, group);
    }

    private long revision() {
        return jdbc.queryForObject("select revision from gateway_group where id = ?", Long.class, group);
    }

    private String recomputed() {
        return tx.execute(status -> PeerSetHash.of(desiredState.peers(List.of(network))));
    }

    private static Grant grant(AccessProtocol protocol, String ports, String... prefixes) {
        return new Grant(List.of(new AccessRule(
                protocol,
                ports.isEmpty() ? List.of() : List.of(PortRange.parse(ports)),
                List.of(prefixes).stream().map(IpPrefix::parse).toList())));
    }

    private static PeerSpec peer(GatewayState state, String publicKey) {
        return state.peers().stream()
                .filter(p -> p.publicKey().equals(publicKey))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void a_snapshot_carries_every_peer_with_its_grant_and_its_hash_covers_the_grants() throws Exception {
        var mine = fixture.enroll(network);
        long other = fixture.user("Other " + fixture.suffix);
        long theirs = enrollOf(other);
        long web = rows.destination("TCP", "443", "192.0.2.0/24");
        long before = revision();

        change(() -> rows.policy(network, List.of(web), List.of(), List.of(fixture.owner)));

        var state = state("snapshot=true");
        var expected = grant(AccessProtocol.TCP, "443", "192.0.2.0/24");
        assertThat(peer(state, mine.publicKey()).grant()).isEqualTo(expected.key());
        assertThat(peer(state, publicKeyOf(theirs)).grant()).isNull();
        assertThat(state.grants()).isEqualTo(Map.of(expected.key(), expected));
        assertThat(state.hash()).isEqualTo(PeerSetHash.of(state.peers())).isEqualTo(storedHash());
        assertThat(PeerSetHash.of(
                        state.peers().stream().map(p -> p.withGrant(null)).toList()))
                .as("the grant is part of the hash")
                .isNotEqualTo(state.hash());
        assertThat(revision()).as("one revision for the change").isEqualTo(before + 1);
        assertThat(jdbc.queryForList(
                        "select public_key from gateway_change where group_id = ? and revision = ?",
                        String.class,
                        group,
                        before + 1))
                .containsExactly(mine.publicKey());
    }

    @Test
    void a_policy_change_for_one_device_yields_a_delta_with_that_peer_and_its_new_grant() throws Exception {
        var mine = fixture.enroll(network);
        long other = fixture.user("Other " + fixture.suffix);
        long theirs = enrollOf(other);
        long dns = rows.destination("UDP", "53", "198.51.100.53/32");
        var start = state("snapshot=true");

        long policy = change(() -> rows.policy(network, List.of(dns), List.of(), List.of(other)));

        var delta = state("since=" + start.revision());
        var expected = grant(AccessProtocol.UDP, "53", "198.51.100.53/32");
        assertThat(delta.kind()).isEqualTo(GatewayState.Kind.DELTA);
        assertThat(delta.revision()).isEqualTo(start.revision() + 1);
        assertThat(delta.peers()).extracting(PeerSpec::publicKey).containsExactly(publicKeyOf(theirs));
        assertThat(delta.peers().getFirst().grant()).isEqualTo(expected.key());
        assertThat(delta.removed()).isEmpty();
        assertThat(delta.grants()).isEqualTo(Map.of(expected.key(), expected));
        var applied = new ArrayList<>(start.peers());
        applied.replaceAll(
                p -> p.publicKey().equals(publicKeyOf(theirs)) ? delta.peers().getFirst() : p);
        assertThat(delta.hash()).isEqualTo(PeerSetHash.of(applied)).isEqualTo(storedHash());
        assertThat(peer(state("snapshot=true"), mine.publicKey()).grant()).isNull();

        // A change that changes nobody's grant raises no revision; withdrawing the grant is one more delta.
        change(() -> rows.policy(network, List.of(dns), List.of("nobody-" + fixture.suffix), List.of()));
        assertThat(revision()).isEqualTo(delta.revision());
        change(() -> {
            rows.delete(policy);
            return null;
        });
        var withdrawn = state("since=" + delta.revision());
        assertThat(withdrawn.peers()).extracting(PeerSpec::publicKey).containsExactly(publicKeyOf(theirs));
        assertThat(withdrawn.peers().getFirst().grant()).isNull();
        assertThat(withdrawn.grants()).isEmpty();
        assertThat(withdrawn.hash()).isEqualTo(start.hash()).isEqualTo(storedHash());
    }

    @Test
    void a_group_of_the_owner_at_sign_in_decides_and_nested_changes_compare_once() {
        var mine = fixture.enroll(network);
        long web = rows.destination("TCP", "443", "192.0.2.0/24");
        String engineering = "engineering-" + fixture.suffix;
        change(() -> rows.policy(network, List.of(web), List.of(engineering), List.of()));
        long before = revision();

        tx.execute(status -> {
            accessChanges.before(List.of(network));
            accessChanges.apply(List.of(network), () -> {
                rows.groups(fixture.owner, engineering);
                return null;
            });
            assertThat(revision()).as("the inner pair compares nothing").isEqualTo(before);
            accessChanges.after();
            return null;
        });

        assertThat(revision()).isEqualTo(before + 1);
        assertThat(storedHash()).isEqualTo(recomputed());
        var keys = tx.execute(status -> desiredState.peers(List.of(network)));
        assertThat(keys)
                .filteredOn(p -> p.publicKey().equals(mine.publicKey()))
                .extracting(PeerSpec::grant)
                .containsExactly(
                        grant(AccessProtocol.TCP, "443", "192.0.2.0/24").key());
    }

    @Test
    void opening_a_network_without_policies_grants_its_routes_through_the_network_change_events() throws Exception {
        var mine = fixture.enroll(network);
        var start = state("snapshot=true");

        fixture.asAdmin(() -> tx.execute(status -> {
            events.publishEvent(new NetworkChanging(network));
            jdbc.update("update network set open_without_policies = true where id = ?", network);
            events.publishEvent(new NetworkChanged(network));
            return null;
        }));

        var delta = state("since=" + start.revision());
        var routes = fixture.asAdmin(() -> networks.get(network)).allowedIps().stream()
                .map(IpPrefix::toString)
                .toArray(String[]::new);
        var expected = grant(AccessProtocol.ANY, "", routes);
        assertThat(delta.peers()).extracting(PeerSpec::publicKey).containsExactly(mine.publicKey());
        assertThat(delta.grants()).isEqualTo(Map.of(expected.key(), expected));
        assertThat(delta.hash()).isEqualTo(storedHash()).isEqualTo(recomputed());
    }

    @Test
    void an_access_change_racing_approvals_leaves_the_stored_hash_equal_to_the_recomputed_one() {
        long manual = fixture.network(ApprovalMode.MANUAL, 50);
        network = manual;
        group = fixture.group(TestNetworks.newGatewayKey(), "vpn.example.test:51821", 51821, manual);
        long web = rows.destination("TCP", "443", "192.0.2.0/24");
        Long policy = null;
        for (int round = 0; round < 6; round++) {
            var pending = fixture.enroll(manual);
            final Long existing = policy;
            java.util.concurrent.Callable<Long> approve = () -> {
                fixture.approve(pending.id());
                return null;
            };
            java.util.concurrent.Callable<Long> toggle = () -> change(() -> {
                if (existing == null) {
                    return rows.policy(manual, List.of(web), List.of(), List.of(fixture.owner));
                }
                rows.delete(existing);
                return null;
            });
            var outcomes = Race.run(List.of(approve, toggle));
            assertThat(outcomes).allMatch(Race.Outcome::succeeded, "both succeed");
            policy = outcomes.get(1).value();
            assertThat(storedHash()).as("round " + round).isEqualTo(recomputed());
        }
        var grants = new HashSet<String>();
        tx.execute(status -> desiredState.peers(List.of(manual))).forEach(p -> grants.add(String.valueOf(p.grant())));
        assertThat(grants).as("all devices share the grant of the last round").hasSize(1);
    }

    @Test
    void at_startup_a_group_whose_stored_hash_predates_grants_is_recomputed_once_and_its_agents_get_a_snapshot()
            throws Exception {
        fixture.enroll(network);
        fixture.enroll(network);
        var start = state("snapshot=true");
        // As after the upgrade: the network existed before access policies, so it is open, and the stored hash is
        // the one of peers without grants.
        jdbc.update("update network set open_without_policies = true where id = ?", network);
        assertThat(storedHash()).isNotEqualTo(recomputed());
        long before = revision();

        assertThat(repair.repairAll()).contains(group);

        assertThat(storedHash()).isEqualTo(recomputed());
        assertThat(revision()).isEqualTo(before + 1);
        var state = state("since=" + start.revision());
        assertThat(state.kind()).isEqualTo(GatewayState.Kind.SNAPSHOT);
        assertThat(state.peers())
                .hasSize(2)
                .allSatisfy(p -> assertThat(p.grant()).isNotNull());
        assertThat(repair.repairAll()).doesNotContain(group);
        assertThat(revision()).isEqualTo(before + 1);

        // Portals starting together: one repairs, the others find it done.
        jdbc.update("update gateway_group set peer_hash = ? where id = ?", PeerSetHash.EMPTY, group);
        var outcomes = Race.run(3, () -> repair.repair(group));
        assertThat(outcomes).allMatch(Race.Outcome::succeeded);
        assertThat(outcomes).filteredOn(o -> Boolean.TRUE.equals(o.value())).hasSize(1);
        assertThat(storedHash()).isEqualTo(recomputed());
        assertThat(revision()).isEqualTo(before + 2);
    }

    @Test
    void a_grant_change_outdates_the_downloaded_config_until_the_owner_downloads_the_new_one() {
        var mine = fixture.enroll(network);
        var settings = fixture.asAdmin(() -> networks.get(network));
        var gateways = settings.gatewayAddresses().stream()
                .map(a -> IpPrefix.host(a).toString())
                .toList();
        assertThat(allowedIps(mine.enrollment().config().text())).containsExactlyElementsOf(gateways);
        assertThat(fixture.as(fixture.owner, () -> devices.outdatedConfigs(List.of(mine.id()))))
                .isEmpty();

        long a = rows.destination("TCP", "443", "192.0.2.0/25");
        long b = rows.destination("UDP", "53", "192.0.2.128/25", "2001:db8::/32");
        change(() -> rows.policy(network, List.of(a, b), List.of(), List.of(fixture.owner)));

        assertThat(fixture.as(fixture.owner, () -> devices.outdatedConfigs(List.of(mine.id()))))
                .containsExactly(mine.id());
        var renewed = fixture.as(fixture.owner, () -> devices.config(mine.id()));
        assertThat(allowedIps(renewed.text()))
                .containsExactly(gateways.get(0), "192.0.2.0/24", "2001:db8::/32", gateways.get(1));
        assertThat(renewed.text())
                .contains("PrivateKey = ")
                .doesNotContain(mine.keys().privateKey().toBase64());
        assertThat(fixture.as(fixture.owner, () -> devices.outdatedConfigs(List.of(mine.id()))))
                .isEmpty();
        long other = fixture.user("Other " + fixture.suffix);
        assertThat(fixture.as(other, () -> devices.outdatedConfigs(List.of(mine.id()))))
                .as("only the owner's devices")
                .isEmpty();
    }

    private static List<String> allowedIps(String config) {
        return config.lines()
                .filter(l -> l.startsWith("AllowedIPs"))
                .map(l -> l.substring(l.indexOf('=') + 1).strip())
                .flatMap(l -> List.of(l.split(",\\s*")).stream())
                .toList();
    }
}
