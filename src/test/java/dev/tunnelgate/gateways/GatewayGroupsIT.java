package dev.tunnelgate.gateways;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.keys.WgKey;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.NetworkSpec;
import dev.tunnelgate.protocol.PeerSetHash;
import dev.tunnelgate.testing.Eventually;
import dev.tunnelgate.testing.TestDatabase;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.NotFoundException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which networks can share one gateway interface, and the peer hash across changes of a group's networks. */
class GatewayGroupsIT extends GatewayIntegrationTest {
    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    private Runnable cleanup = () -> {};

    @org.junit.jupiter.api.AfterEach
    void stopThreads() {
        cleanup.run();
    }

    private long network(String name, String ipv4Pool, String gateway) {
        var spec = TestNetworks.network(
                name + "-" + fixture.suffix,
                ipv4Pool,
                b -> b.gatewayAddresses(gateway)
                        .persistentKeepalive(0)
                        .split(ipv4Pool)
                        .approvalMode(ApprovalMode.AUTOMATIC));
        return fixture.asAdmin(() -> networks.create(spec));
    }

    @Test
    void networks_with_overlapping_pools_cannot_share_a_group_and_nothing_is_saved() {
        long a = network("a", "10.61.0.0/24", "10.61.0.1");
        long inside = network("inside", "10.61.0.128/25", "10.61.0.129");
        int groupsBefore = fixture.asAdmin(() -> gateways.groups()).size();

        assertThatThrownBy(() -> fixture.group("127.0.0.1:51820", 51820, a, inside))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("overlap")
                .extracting(e -> ((InvalidInputException) e).fieldLabel())
                .isEqualTo("Networks");
        assertThat(fixture.asAdmin(() -> gateways.groups())).hasSize(groupsBefore);
    }

    @Test
    void a_refusal_names_the_field_and_says_whether_it_is_invalid_taken_or_missing() {
        long a = network("a", "10.66.0.0/24", "10.66.0.1");
        long groupId = fixture.group("127.0.0.1:51820", 51820, a);
        var name = fixture.asAdmin(() -> gateways.groups()).stream()
                .filter(g -> g.id() == groupId)
                .findFirst()
                .orElseThrow()
                .name();
        long free = network("free", "10.66.1.0/24", "10.66.1.1");

        assertThatThrownBy(() -> fixture.asAdmin(() -> gateways.createGroup(new GroupSpec(
                        name.toUpperCase(java.util.Locale.ROOT), "127.0.0.1:51820", 51820, List.of(free), null))))
                .isInstanceOfSatisfying(
                        ConflictException.class, e -> assertThat(e.field()).isEqualTo(GroupField.NAME));
        assertThatThrownBy(() -> fixture.asAdmin(() -> gateways.createGroup(
                        new GroupSpec("other-" + fixture.suffix, "127.0.0.1:51820", 51820, List.of(a), null))))
                .isInstanceOfSatisfying(
                        ConflictException.class, e -> assertThat(e.field()).isEqualTo(GroupField.NETWORKS))
                .hasMessageContaining("served by group");
        assertThatThrownBy(() -> fixture.asAdmin(() -> gateways.createGroup(new GroupSpec(
                        "other-" + fixture.suffix, "127.0.0.1:51820", 51820, List.of(Long.MAX_VALUE), null))))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(GroupField.NETWORKS))
                .isNotInstanceOf(ConflictException.class)
                .hasMessage("Network %d does not exist".formatted(Long.MAX_VALUE));

        var member = fixture.member(groupId, "gw-a");
        assertThatThrownBy(() -> fixture.member(groupId, "GW-A"))
                .isInstanceOfSatisfying(
                        ConflictException.class, e -> assertThat(e.field()).isEqualTo(MemberField.NAME));
        fixture.asAdmin(() -> {
            gateways.revokeMember(member.memberId());
            return null;
        });
        assertThatThrownBy(() -> fixture.asAdmin(() -> gateways.rotateCredential(member.memberId())))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("revoked");
        assertThatThrownBy(() -> fixture.asAdmin(() -> gateways.rotateCredential(Long.MAX_VALUE)))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("No gateway member " + Long.MAX_VALUE);
        assertThatThrownBy(() -> fixture.asAdmin(() -> gateways.members(Long.MAX_VALUE)))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("No gateway group " + Long.MAX_VALUE);
    }

    @Test
    void a_network_edit_that_would_overlap_another_network_of_its_group_is_refused() {
        long a = network("a", "10.62.0.0/24", "10.62.0.1");
        long b = network("b", "10.62.1.0/24", "10.62.1.1");
        fixture.group("127.0.0.1:51820", 51820, a, b);
        var before = NetworkSpec.of(fixture.asAdmin(() -> networks.get(b)));
        var overlapping = TestNetworks.with(
                before,
                n -> n.ipv4Pool("10.62.0.0/23")
                        .ipv6Pool(null)
                        .gatewayAddresses("10.62.1.1")
                        .dnsServers()
                        .mtu(1420)
                        .persistentKeepalive(0)
                        .allowedIps(List.of("10.62.0.0/23"))
                        .autoApproveGroups(List.of())
                        .devicesPerUser(5)
                        .openWithoutPolicies(false));

        assertThatThrownBy(() -> fixture.asAdmin(() -> {
                    networks.update(b, overlapping);
                    return null;
                }))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("overlap");
        assertThat(fixture.asAdmin(() -> networks.get(b)).ipv4Pool()).hasToString("10.62.1.0/24");
    }

    @Test
    void the_stored_peer_hash_equals_the_peers_after_devices_and_network_changes() {
        long a = network("a", "10.63.0.0/24", "10.63.0.1");
        long b = network("b", "10.63.1.0/24", "10.63.1.1");
        var inA = fixture.enroll(a);
        var inB = fixture.enroll(b);
        long group = fixture.group("127.0.0.1:51820", 51820, a);
        assertThat(storedHash(group)).isEqualTo(recomputed(group)).isNotEqualTo(PeerSetHash.EMPTY);

        var spec = fixture.asAdmin(() -> gateways.groups()).stream()
                .filter(g -> g.id() == group)
                .findFirst()
                .orElseThrow();
        fixture.asAdmin(() -> {
            gateways.updateGroup(
                    group, new GroupSpec(spec.name(), spec.endpoint(), spec.listenPort(), List.of(a, b), null));
            return null;
        });
        assertThat(storedHash(group)).isEqualTo(recomputed(group));
        fixture.revoke(inA.id());
        fixture.revoke(inB.id());
        assertThat(storedHash(group)).isEqualTo(recomputed(group)).isEqualTo(PeerSetHash.EMPTY);
    }

    @Test
    void a_pool_edit_committed_while_a_group_takes_the_network_in_is_seen_by_the_groups_overlap_check()
            throws Exception {
        long a = network("a", "10.65.0.0/24", "10.65.0.1");
        long b = network("b", "10.65.1.0/24", "10.65.1.1");
        long group = fixture.group("127.0.0.1:51820", 51820, a);
        var groupSpec = fixture.asAdmin(() -> gateways.groups()).stream()
                .filter(g -> g.id() == group)
                .findFirst()
                .orElseThrow();
        var bSpec = NetworkSpec.of(fixture.asAdmin(() -> networks.get(b)));
        var overlapping = TestNetworks.with(
                bSpec,
                n -> n.ipv4Pool("10.65.0.0/23")
                        .ipv6Pool(null)
                        .gatewayAddresses("10.65.1.1")
                        .dnsServers()
                        .mtu(1420)
                        .persistentKeepalive(0)
                        .allowedIps(List.of("10.65.0.0/23"))
                        .autoApproveGroups(List.of())
                        .devicesPerUser(5)
                        .gatewayPublicKey(null)
                        .openWithoutPolicies(false));
        var edited = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);

        // Two threads of their own: the common pool may have a single one on two cores, which would run the edits
        // one after the other.
        var threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        cleanup = threads::shutdownNow;
        // An admin widens b's pool over a's and has not committed yet; b belongs to no group, so nothing refuses it.
        var poolEdit = java.util.concurrent.CompletableFuture.runAsync(
                () -> fixture.asAdmin(() -> tx.execute(status -> {
                    networks.update(b, overlapping);
                    edited.countDown();
                    try {
                        release.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                })),
                threads);
        assertThat(edited.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        // Meanwhile another admin adds b to a's group; it waits for b's row, and must check the pool it finds then.
        var groupSession = new java.util.concurrent.CompletableFuture<Object>();
        var groupEdit = java.util.concurrent.CompletableFuture.runAsync(
                () -> fixture.asAdmin(() -> tx.execute(status -> {
                    groupSession.complete(sessionId());
                    gateways.updateGroup(
                            group,
                            new GroupSpec(
                                    groupSpec.name(),
                                    groupSpec.endpoint(),
                                    groupSpec.listenPort(),
                                    List.of(a, b),
                                    null));
                    return null;
                })),
                threads);
        var session = groupSession.get(30, java.util.concurrent.TimeUnit.SECONDS);
        // The pool edit commits only once the group edit waits for its lock, however slowly the machine got there.
        Eventually.await(
                java.time.Duration.ofSeconds(30),
                "the group edit waits for the pool edit's lock",
                () -> waitsForLock(session),
                waits -> waits);
        release.countDown();
        poolEdit.get(30, java.util.concurrent.TimeUnit.SECONDS);

        assertThatThrownBy(() -> groupEdit.get(30, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(InvalidInputException.class)
                .hasMessageContaining("overlap");
        assertThat(fixture.asAdmin(() -> gateways.groups()).stream()
                        .filter(g -> g.id() == group)
                        .findFirst()
                        .orElseThrow()
                        .networkIds())
                .containsExactly(a);
    }

    @Test
    void a_network_a_group_stops_serving_loses_the_groups_key_so_its_configs_do_not_point_at_that_gateway() {
        long a = network("a", "10.64.0.0/24", "10.64.0.1");
        long b = network("b", "10.64.1.0/24", "10.64.1.1");
        String groupKey = dev.tunnelgate.keys.WgKeyPair.generate(GatewayFixture.RANDOM)
                .publicKey()
                .toBase64();
        long group = fixture.group(groupKey, "gw.example.test:51820", 51820, a, b);
        assertThat(fixture.asAdmin(() -> networks.get(a)).gatewayPublicKey()).isEqualTo(WgKey.parsePublic(groupKey));

        var spec = fixture.asAdmin(() -> gateways.groups()).stream()
                .filter(g -> g.id() == group)
                .findFirst()
                .orElseThrow();
        fixture.asAdmin(() -> {
            gateways.updateGroup(
                    group, new GroupSpec(spec.name(), spec.endpoint(), spec.listenPort(), List.of(b), groupKey));
            return null;
        });

        assertThat(fixture.asAdmin(() -> networks.get(a)).gatewayPublicKey()).isNull();
        assertThat(fixture.asAdmin(() -> networks.get(b)).gatewayPublicKey()).isEqualTo(WgKey.parsePublic(groupKey));
        assertThat(jdbc.queryForObject(
                        "select count(*) from audit_event where action = 'network.gateway-released' and target = ?",
                        Integer.class,
                        "network:" + a))
                .isEqualTo(1);
    }

    /** The database session of the calling thread's transaction. */
    private Object sessionId() {
        return jdbc.queryForObject(
                TestDatabase.postgresUrl() != null ? "select pg_backend_pid()" : "select session_id()", Object.class);
    }

    private boolean waitsForLock(Object session) {
        return TestDatabase.postgresUrl() != null
                ? jdbc.queryForObject(
                                "select count(*) from pg_locks where pid = ? and not granted", Long.class, session)
                        > 0
                : jdbc.queryForObject(
                                "select count(*) from information_schema.sessions where session_id = ? and blocker_id is not null",
                                Long.class,
                                session)
                        > 0;
    }

    private String storedHash(long group) {
        return jdbc.queryForObject("select peer_hash from gateway_group where id = ?", String.class, group);
    }

    private String recomputed(long group) {
        var member = fixture.member(group, "probe-" + System.nanoTime());
        try {
            var response = new AgentHttp(baseUrl()).state(member.token(), "snapshot=true");
            return dev.tunnelgate.protocol.AgentWire.decodeState(response.body())
                    .hash();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
