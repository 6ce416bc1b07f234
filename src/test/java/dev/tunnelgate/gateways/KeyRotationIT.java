package dev.tunnelgate.gateways;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.devices.DeviceField;
import dev.tunnelgate.devices.DeviceNotFoundException;
import dev.tunnelgate.devices.EnrollmentRequest;
import dev.tunnelgate.devices.KeyOrigin;
import dev.tunnelgate.devices.KeyReplacement;
import dev.tunnelgate.devices.KeyRotation;
import dev.tunnelgate.devices.PeerHandshakesSeen;
import dev.tunnelgate.devices.Platform;
import dev.tunnelgate.devices.RotationCompletion;
import dev.tunnelgate.keys.WgKeyPair;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.protocol.AgentWire;
import dev.tunnelgate.protocol.GatewayState;
import dev.tunnelgate.protocol.PeerSetHash;
import dev.tunnelgate.protocol.PeerSpec;
import dev.tunnelgate.testing.Race;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.wgconfig.PrivateKeyEntry;
import dev.tunnelgate.wgconfig.WgConfigParser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "Replace key" with overlap, as the gateways see it: both peers while the rotation runs, the old one gone after the
 * new key's first handshake or the end of the window, both gone on revocation; and every refusal changing nothing.
 */
class KeyRotationIT extends GatewayIntegrationTest {
    @Autowired
    KeyRotation rotation;

    @Autowired
    RotationCompletion completion;

    @Autowired
    DesiredState desiredState;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    dev.tunnelgate.devices.DevicePeers devicePeers;

    @Autowired
    ApplicationEventPublisher events;

    String gatewayKey;
    long network;
    long group;
    IssuedCredential member;
    AgentHttp http;
    final List<Long> toRevoke = new ArrayList<>();

    @BeforeEach
    void setUp() {
        http = new AgentHttp(baseUrl());
        network = fixture.network(ApprovalMode.AUTOMATIC, 50);
        gatewayKey = TestNetworks.newGatewayKey();
        group = fixture.group(gatewayKey, "vpn.example.test:51820", 51820, network);
        member = fixture.member(group, "gw-a");
    }

    /** Leaves no rotation running: a later window test completes every rotation that ended by its instant. */
    @AfterEach
    void revokeDevices() {
        for (long id : toRevoke) {
            if ("ACTIVE".equals(column(id, "status"))) {
                fixture.revoke(id);
            }
        }
    }

    private GatewayFixture.Enrolled enroll() {
        var device = fixture.enroll(network);
        toRevoke.add(device.id());
        return device;
    }

    private KeyReplacement start(long deviceId, KeyOrigin method, @Nullable String publicKey) {
        return fixture.as(fixture.owner, () -> rotation.start(deviceId, method, publicKey));
    }

    private static String newKey() {
        return WgKeyPair.generate(GatewayFixture.RANDOM).publicKey().toBase64();
    }

    private GatewayState state(String query) throws Exception {
        var response = http.state(member.token(), query);
        assertThat(response.statusCode()).isEqualTo(200);
        return AgentWire.decodeState(response.body());
    }

    private static List<String> keys(GatewayState state) {
        return state.peers().stream().map(PeerSpec::publicKey).toList();
    }

    private static PeerSpec peer(GatewayState state, String publicKey) {
        return state.peers().stream()
                .filter(p -> p.publicKey().equals(publicKey))
                .findFirst()
                .orElseThrow();
    }

    private long revision() {
        return jdbc.queryForObject("select revision from gateway_group where id = ?", Long.class, group);
    }

    private String storedHash() {
        return jdbc.queryForObject("select peer_hash from gateway_group where id = ?", String.class, group);
    }

    private String recomputed() {
        return tx.execute(status -> PeerSetHash.of(desiredState.peers(List.of(network))));
    }

    private @Nullable Object column(long deviceId, String column) {
        return jdbc.queryForMap("select " + column + " from device where id = ?", deviceId)
                .values()
                .iterator()
                .next();
    }

    /** Held (not released) addresses of a lease holder. */
    private List<String> held(String holder) {
        return jdbc.queryForList(
                "select address from address_lease where holder = ? and released_at is null order by address",
                String.class,
                holder);
    }

    private List<String> auditDetails(long deviceId, String action) {
        return jdbc.queryForList(
                "select details from audit_event where action = ? and target = ? order by id",
                String.class,
                action,
                "device:" + deviceId);
    }

    /** What the gateway side does when a member reports handshakes: publish in the report's transaction. */
    private void handshake(String memberName, String publicKey) {
        tx.executeWithoutResult(
                status -> events.publishEvent(new PeerHandshakesSeen(memberName, Map.of(publicKey, Instant.now()))));
    }

    @Test
    void a_started_rotation_puts_the_new_key_next_to_the_old_one_on_the_gateways_with_its_own_addresses()
            throws Exception {
        var device = enroll();
        var before = state("snapshot=true");
        var oldPeer = peer(before, device.publicKey());

        var replacement = start(device.id(), KeyOrigin.SERVER, null);

        var config = WgConfigParser.parse(replacement.config().text());
        var privateKey = ((PrivateKeyEntry.Included) config.iface().privateKey()).key();
        assertThat(privateKey.publicKey().toBase64()).isEqualTo(replacement.newPublicKey());
        assertThat(config.peers().getFirst().publicKey().toBase64()).isEqualTo(gatewayKey);
        var nextIpv4 = (String) column(device.id(), "next_ipv4_address");
        var nextIpv6 = (String) column(device.id(), "next_ipv6_address");
        assertThat(config.iface().addresses().stream().map(Object::toString))
                .containsExactlyInAnyOrder(nextIpv4 + "/32", nextIpv6 + "/128");
        assertThat(nextIpv4).isNotEqualTo(device.enrollment().device().ipv4Address());
        assertThat(column(device.id(), "next_public_key")).isEqualTo(replacement.newPublicKey());
        assertThat(column(device.id(), "public_key")).isEqualTo(device.publicKey());
        assertThat(replacement.oldKeyWorksUntil())
                .isCloseTo(
                        Instant.now().plus(Duration.ofHours(24)),
                        org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.MINUTES));
        assertThat(jdbc.queryForObject(
                        "select device_id from device_key where public_key = ?",
                        Long.class,
                        replacement.newPublicKey()))
                .isEqualTo(device.id());
        assertThat(held("device:" + device.id() + ":next-key")).containsExactlyInAnyOrder(nextIpv4, nextIpv6);

        var delta = state("since=" + before.revision());
        assertThat(delta.kind()).isEqualTo(GatewayState.Kind.DELTA);
        assertThat(keys(delta)).containsExactly(replacement.newPublicKey());
        assertThat(delta.removed()).isEmpty();
        var snapshot = state("snapshot=true");
        assertThat(keys(snapshot)).contains(device.publicKey(), replacement.newPublicKey());
        assertThat(peer(snapshot, device.publicKey())).isEqualTo(oldPeer);
        var newPeer = peer(snapshot, replacement.newPublicKey());
        assertThat(newPeer.allowedIps()).containsExactlyInAnyOrder(nextIpv4 + "/32", nextIpv6 + "/128");
        assertThat(newPeer.presharedKey())
                .isEqualTo(config.peers().getFirst().presharedKey().toBase64())
                .isNotEqualTo(oldPeer.presharedKey());
        assertThat(newPeer.grant()).isEqualTo(oldPeer.grant());
        assertThat(snapshot.hash()).isEqualTo(storedHash()).isEqualTo(recomputed());
        assertThat(auditDetails(device.id(), "device.rotation-started"))
                .singleElement()
                .asString()
                .contains("newKey=" + replacement.newPublicKey())
                .doesNotContain(privateKey.toBase64());
    }

    @Test
    void the_new_keys_first_handshake_completes_the_rotation_and_the_old_peer_leaves_the_gateways() throws Exception {
        var device = enroll();
        var oldIpv4 = device.enrollment().device().ipv4Address();
        var replacement = start(device.id(), KeyOrigin.USER, newKey());
        var started = state("snapshot=true");
        var nextIpv4 = (String) column(device.id(), "next_ipv4_address");

        handshake("gw-a", device.publicKey()); // the old key's handshake completes nothing
        assertThat(column(device.id(), "next_public_key")).isEqualTo(replacement.newPublicKey());
        assertThat(revision()).isEqualTo(started.revision());

        var beforeCompletion = Instant.now();
        handshake("gw-a", replacement.newPublicKey());

        assertThat(column(device.id(), "public_key")).isEqualTo(replacement.newPublicKey());
        assertThat(column(device.id(), "next_public_key")).isNull();
        assertThat(column(device.id(), "rotation_ends_at")).isNull();
        assertThat(column(device.id(), "ipv4_address")).isEqualTo(nextIpv4);
        assertThat(column(device.id(), "key_origin")).isEqualTo("USER");
        assertThat(jdbc.queryForObject(
                                "select key_created_at from device where id = ?",
                                java.time.OffsetDateTime.class,
                                device.id())
                        .toInstant())
                .isAfterOrEqualTo(beforeCompletion.minusMillis(1));
        assertThat(held("device:" + device.id())).contains(nextIpv4).doesNotContain(oldIpv4);
        assertThat(held("device:" + device.id() + ":next-key")).isEmpty();
        assertThat(jdbc.queryForObject(
                        "select count(*) from address_lease where address = ? and network_id = ? and released_at is not null",
                        Integer.class,
                        oldIpv4,
                        network))
                .as("the old address is in quarantine")
                .isEqualTo(1);

        var delta = state("since=" + started.revision());
        assertThat(delta.kind()).isEqualTo(GatewayState.Kind.DELTA);
        assertThat(delta.removed()).containsExactly(device.publicKey());
        assertThat(delta.peers()).isEmpty();
        var snapshot = state("snapshot=true");
        assertThat(keys(snapshot)).contains(replacement.newPublicKey()).doesNotContain(device.publicKey());
        assertThat(snapshot.hash()).isEqualTo(storedHash()).isEqualTo(recomputed());
        assertThat(auditDetails(device.id(), "device.rotation-completed"))
                .singleElement()
                .asString()
                .startsWith("by handshake via gw-a");

        // A member still reporting the old peer (not yet applied) names a key the group had, not a stranger's.
        var stranger = newKey();
        assertThat(devicePeers.unknown(
                        List.of(device.publicKey(), replacement.newPublicKey(), stranger), List.of(network)))
                .containsExactly(stranger);

        // The config the owner downloads now is the new key's.
        var config = fixture.as(fixture.owner, () -> devices.config(device.id()));
        assertThat(WgConfigParser.parse(config.text())
                        .iface()
                        .addresses()
                        .getFirst()
                        .toString())
                .isEqualTo(nextIpv4 + "/32");
    }

    @Test
    void the_old_key_works_until_the_overlap_window_ends_then_the_rotation_completes_by_itself() throws Exception {
        var device = enroll();
        var replacement = start(device.id(), KeyOrigin.USER, newKey());
        var started = state("snapshot=true");

        assertThat(completion.completeExpiredRotations(Instant.now().plus(Duration.ofHours(23))))
                .isZero();
        assertThat(column(device.id(), "next_public_key")).isEqualTo(replacement.newPublicKey());
        assertThat(revision()).isEqualTo(started.revision());

        assertThat(completion.completeExpiredRotations(replacement.oldKeyWorksUntil()))
                .isEqualTo(1);
        assertThat(column(device.id(), "public_key")).isEqualTo(replacement.newPublicKey());
        assertThat(state("since=" + started.revision()).removed()).containsExactly(device.publicKey());
        assertThat(auditDetails(device.id(), "device.rotation-completed"))
                .singleElement()
                .asString()
                .startsWith("overlap window ended");
        assertThat(completion.completeExpiredRotations(Instant.now().plus(Duration.ofDays(2))))
                .isZero();
    }

    @Test
    void revoking_a_device_during_its_rotation_removes_both_peers_and_releases_both_sets_of_addresses()
            throws Exception {
        var device = enroll();
        var replacement = start(device.id(), KeyOrigin.USER, newKey());
        var started = state("snapshot=true");

        fixture.revoke(device.id());

        var delta = state("since=" + started.revision());
        assertThat(delta.removed()).containsExactlyInAnyOrder(device.publicKey(), replacement.newPublicKey());
        assertThat(keys(state("snapshot=true"))).doesNotContain(device.publicKey(), replacement.newPublicKey());
        assertThat(storedHash()).isEqualTo(recomputed());
        assertThat(held("device:" + device.id())).isEmpty();
        assertThat(held("device:" + device.id() + ":next-key")).isEmpty();
        assertThat(column(device.id(), "next_public_key")).isNull();
        assertThat(column(device.id(), "status")).isEqualTo("REVOKED");
        // The abandoned key stays taken.
        assertThatThrownBy(() -> fixture.as(
                        fixture.owner,
                        () -> devices.enroll(new EnrollmentRequest(
                                "again-" + UUID.randomUUID().toString().substring(0, 8),
                                Platform.LINUX,
                                network,
                                KeyOrigin.USER,
                                replacement.newPublicKey()))))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("already used");
    }

    @Test
    void a_key_that_any_device_has_or_had_a_gateways_key_and_a_malformed_key_are_refused_and_nothing_changes() {
        var device = enroll();
        var other = enroll();
        var replaced = enroll();
        var replacedKey = replaced.publicKey();
        start(replaced.id(), KeyOrigin.USER, newKey());
        completion.completeExpiredRotations(Instant.now().plus(Duration.ofDays(2)));
        assertThat(column(replaced.id(), "public_key")).isNotEqualTo(replacedKey);
        var rotating = enroll();
        var rotatingNext = start(rotating.id(), KeyOrigin.USER, newKey()).newPublicKey();
        long revision = revision();

        for (var key : List.of(device.publicKey(), other.publicKey(), rotatingNext, replacedKey)) {
            assertThatThrownBy(() -> start(device.id(), KeyOrigin.USER, key))
                    .as(key)
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining("already used by a device")
                    .extracting(e -> ((InvalidInputException) e).field())
                    .isEqualTo(DeviceField.PUBLIC_KEY);
        }
        for (var key : List.of(gatewayKey, "not a key", "", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")) {
            assertThatThrownBy(() -> start(device.id(), KeyOrigin.USER, key))
                    .as(key)
                    .isInstanceOf(InvalidInputException.class)
                    .extracting(e -> ((InvalidInputException) e).field())
                    .isEqualTo(DeviceField.PUBLIC_KEY);
        }
        assertThat(column(device.id(), "next_public_key")).isNull();
        assertThat(held("device:" + device.id() + ":next-key")).isEmpty();
        assertThat(revision()).isEqualTo(revision);
        assertThat(jdbc.queryForObject(
                        "select count(*) from device_key where device_id = ?", Integer.class, device.id()))
                .isEqualTo(1);
    }

    @Test
    void another_users_device_is_not_found_and_a_pending_revoked_or_rotating_device_is_a_conflict() {
        var device = enroll();
        long stranger = fixture.user("Stranger " + fixture.suffix);
        assertThatThrownBy(() -> fixture.as(stranger, () -> rotation.start(device.id(), KeyOrigin.SERVER, null)))
                .isInstanceOf(DeviceNotFoundException.class);
        assertThatThrownBy(() -> fixture.asAdmin(() -> rotation.start(device.id(), KeyOrigin.SERVER, null)))
                .as("an admin does not replace another user's key")
                .isInstanceOf(DeviceNotFoundException.class);
        assertThat(column(device.id(), "next_public_key")).isNull();

        long manual = fixture.network(ApprovalMode.MANUAL, 5);
        var pending = fixture.enroll(manual);
        assertThatThrownBy(() -> start(pending.id(), KeyOrigin.USER, newKey()))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("pending");
        fixture.revoke(pending.id());
        assertThatThrownBy(() -> start(pending.id(), KeyOrigin.USER, newKey()))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("revoked");

        var first = start(device.id(), KeyOrigin.USER, newKey());
        var unused = newKey();
        assertThatThrownBy(() -> start(device.id(), KeyOrigin.USER, unused))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("replacing its key already");
        assertThat(column(device.id(), "next_public_key")).isEqualTo(first.newPublicKey());
        assertThat(jdbc.queryForObject("select count(*) from device_key where public_key = ?", Integer.class, unused))
                .isZero();
    }

    @Test
    void of_two_starts_at_once_one_wins_and_the_other_is_told_the_rotation_runs() {
        for (int round = 0; round < 3; round++) {
            var device = enroll();
            var outcomes = Race.run(2, () -> start(device.id(), KeyOrigin.SERVER, null));
            Race.assertRefusedLikeOneByOne(outcomes, 1, null, "replacing its key already");
            assertThat(held("device:" + device.id() + ":next-key")).hasSize(2);
            assertThat(jdbc.queryForObject(
                            "select count(*) from device_key where device_id = ?", Integer.class, device.id()))
                    .isEqualTo(2);
        }
        assertThat(storedHash()).isEqualTo(recomputed());
    }

    @Test
    void an_enrollment_and_a_rotation_racing_for_one_key_cannot_both_have_it() {
        var device = enroll();
        var key = newKey();
        List<Callable<Object>> actions = List.of(
                () -> start(device.id(), KeyOrigin.USER, key),
                () -> fixture.as(
                        fixture.owner,
                        () -> devices.enroll(new EnrollmentRequest(
                                "race-" + UUID.randomUUID().toString().substring(0, 8),
                                Platform.LINUX,
                                network,
                                KeyOrigin.USER,
                                key))));
        var outcomes = Race.run(actions);
        Race.assertRefusedLikeOneByOne(outcomes, 1, DeviceField.PUBLIC_KEY, "already used by a device");
        assertThat(jdbc.queryForObject(
                        "select count(*) from device where public_key = ? or next_public_key = ?",
                        Integer.class,
                        key,
                        key))
                .isEqualTo(1);
        jdbc.queryForList("select id from device where public_key = ?", Long.class, key)
                .forEach(toRevoke::add);
    }

    @Test
    void a_handshake_and_the_windows_end_racing_complete_the_rotation_once() throws Exception {
        for (int round = 0; round < 3; round++) {
            var device = enroll();
            var replacement = start(device.id(), KeyOrigin.USER, newKey());
            var later = replacement.oldKeyWorksUntil().plusSeconds(1);
            List<Callable<Object>> actions = List.of(
                    () -> {
                        handshake("gw-a", replacement.newPublicKey());
                        return null;
                    },
                    () -> completion.completeExpiredRotations(later));
            var outcomes = Race.run(actions);
            assertThat(outcomes).as("round " + round).allMatch(Race.Outcome::succeeded);
            assertThat(auditDetails(device.id(), "device.rotation-completed")).hasSize(1);
            assertThat(column(device.id(), "public_key")).isEqualTo(replacement.newPublicKey());
            assertThat(held("device:" + device.id())).hasSize(2);
            assertThat(storedHash()).isEqualTo(recomputed());
        }
        assertThat(keys(state("snapshot=true"))).hasSize(3);
    }

    @Test
    void the_new_keys_config_is_downloaded_again_by_its_owner_only_and_only_while_the_rotation_runs() throws Exception {
        var walker = new dev.tunnelgate.testing.WebWalker();
        var loginPage = walker.follow(baseUrl() + "/");
        walker.follow(dev.tunnelgate.testing.WebWalker.location(walker.submitIdpLogin(loginPage, "bob", "bob")));
        long bob = jdbc.queryForObject(
                "select id from app_user where issuer = ? and subject = 'bob'", Long.class, baseUrl());
        var bobs = fixture.enroll(bob, network);
        var theirs = enroll();
        try {
            var notRotating = fixture.as(bob, () -> rotation.nextConfig(bobs.id()));
            assertThat(notRotating.text()).isNull();
            assertThat(walker.get(baseUrl() + "/devices/" + bobs.id() + "/next-config")
                            .statusCode())
                    .isEqualTo(409);

            var replacement = fixture.as(bob, () -> rotation.start(bobs.id(), KeyOrigin.USER, newKey()));
            start(theirs.id(), KeyOrigin.USER, newKey());
            var response = walker.get(baseUrl() + "/devices/" + bobs.id() + "/next-config");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
            var config = WgConfigParser.parse(response.body());
            assertThat(config.iface().privateKey()).isInstanceOf(PrivateKeyEntry.Placeholder.class);
            assertThat(config.iface().addresses().getFirst().toString())
                    .isEqualTo(column(bobs.id(), "next_ipv4_address") + "/32");
            assertThat(config.peers().getFirst().presharedKey().toBase64())
                    .isEqualTo(peer(state("snapshot=true"), replacement.newPublicKey())
                            .presharedKey());
            assertThat(walker.get(baseUrl() + "/devices/" + theirs.id() + "/next-config")
                            .statusCode())
                    .as("another user's device")
                    .isEqualTo(404);
            assertThatThrownBy(() -> fixture.as(fixture.owner, () -> rotation.nextConfig(bobs.id())))
                    .isInstanceOf(DeviceNotFoundException.class);
        } finally {
            fixture.revoke(bob, bobs.id());
        }
    }

    @Test
    void the_window_is_checked_by_a_recurring_db_scheduler_task() {
        assertThat(jdbc.queryForObject(
                        "select count(*) from scheduled_tasks where task_name = 'complete-key-rotations'",
                        Integer.class))
                .isEqualTo(1);
    }
}
