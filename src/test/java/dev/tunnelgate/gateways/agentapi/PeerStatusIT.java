package dev.tunnelgate.gateways.agentapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.devices.DeviceRow;
import dev.tunnelgate.devices.LastSeen;
import dev.tunnelgate.devices.PeerHandshakesSeen;
import dev.tunnelgate.devices.PeerStatusStore;
import dev.tunnelgate.devices.PeerStatusStore.MemberPeerStatus;
import dev.tunnelgate.devices.PeerStatusStore.Written;
import dev.tunnelgate.gateways.AgentHttp;
import dev.tunnelgate.gateways.GatewayFixture;
import dev.tunnelgate.gateways.GatewayFixture.Enrolled;
import dev.tunnelgate.gateways.GatewayIntegrationTest;
import dev.tunnelgate.gateways.IssuedCredential;
import dev.tunnelgate.keys.WgKeyPair;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.protocol.AgentWire;
import dev.tunnelgate.protocol.PeerStats;
import dev.tunnelgate.protocol.StatusReport;
import dev.tunnelgate.testing.Race;
import dev.tunnelgate.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.access.AccessDeniedException;

/**
 * Per-device status from the agents' periodic reports: rows per member and key, written only when something changed,
 * the device's newest handshake over all members, and the handshakes seen published for key rotation.
 */
class PeerStatusIT extends GatewayIntegrationTest {
    private static final String GATEWAY_KEY =
            WgKeyPair.generate(GatewayFixture.RANDOM).publicKey().toBase64();

    @Autowired
    StatusReports reports;

    @Autowired
    PeerStatusStore store;

    @Autowired
    TestClock clock;

    @Autowired
    ConfigurableApplicationContext context;

    long network;
    long group;
    IssuedCredential gwA;
    IssuedCredential gwB;
    final List<PeerHandshakesSeen> seen = new CopyOnWriteArrayList<>();
    final ApplicationListener<ApplicationEvent> listener = event -> {
        if (event instanceof PayloadApplicationEvent<?> payload
                && payload.getPayload() instanceof PeerHandshakesSeen handshakes
                && (handshakes.memberName().equals(gwA.memberName())
                        || handshakes.memberName().equals(gwB.memberName()))) {
            seen.add(handshakes);
        }
    };

    @BeforeEach
    void setUp() {
        network = fixture.network(ApprovalMode.MANUAL, 100);
        group = fixture.group(GATEWAY_KEY, "vpn.example.test:51820", 51820, network);
        gwA = fixture.member(group, "gw-a-" + fixture.suffix);
        gwB = fixture.member(group, "gw-b-" + fixture.suffix);
        context.addApplicationListener(listener);
    }

    @AfterEach
    void tearDown() {
        context.removeApplicationListener(listener);
        clock.reset();
    }

    private Enrolled device() {
        var device = fixture.enroll(network);
        fixture.approve(device.id());
        return device;
    }

    private List<Enrolled> devices(int count) {
        var list = new ArrayList<Enrolled>();
        for (int i = 0; i < count; i++) {
            list.add(device());
        }
        return list;
    }

    private Written report(IssuedCredential member, List<PeerStats> peers) {
        return reports.accept(
                new AgentPrincipal(member.memberId(), group, member.memberName()),
                new StatusReport("0.1.0", GATEWAY_KEY, 0, null, peers, List.of(), List.of()));
    }

    private Instant now() {
        // As wg reports it: whole seconds.
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static PeerStats peer(Enrolled device, Instant handshake, long rx, long tx, String endpoint) {
        return new PeerStats(device.publicKey(), handshake, rx, tx, endpoint);
    }

    private List<MemberPeerStatus> status(Enrolled device) {
        return fixture.asAdmin(() -> store.forDevice(device.id()));
    }

    private DeviceRow.Lifecycle lifecycle(Enrolled device) {
        return fixture.as(fixture.owner, () -> devices.myDevices(PageRequest.of(0, 100))).stream()
                .filter(row -> row.id() == device.id())
                .findFirst()
                .orElseThrow()
                .lifecycle();
    }

    @Test
    void a_report_stores_a_row_per_peer_and_the_same_report_again_writes_nothing() {
        var devices = devices(3);
        var t = now().minusSeconds(30);
        var peers = List.of(
                peer(devices.get(0), t, 100, 200, "192.0.2.1:40000"),
                peer(devices.get(1), t.minusSeconds(5), 300, 400, "[2001:db8::1]:51000"),
                new PeerStats(devices.get(2).publicKey(), null, 0, 0, null));

        assertThat(report(gwA, peers)).isEqualTo(new Written(3, 2));
        assertThat(status(devices.get(0)))
                .containsExactly(new MemberPeerStatus(
                        gwA.memberName(),
                        devices.get(0).publicKey(),
                        t,
                        100,
                        200,
                        "192.0.2.1:40000",
                        status(devices.get(0)).getFirst().updatedAt()));
        assertThat(status(devices.get(1)).getFirst().endpoint()).isEqualTo("[2001:db8::1]:51000");
        assertThat(status(devices.get(2)).getFirst().lastHandshakeAt()).isNull();
        assertThat(lifecycle(devices.get(0)).lastHandshakeAt()).isEqualTo(t);
        assertThat(lifecycle(devices.get(0)).lastHandshakeMember()).isEqualTo(gwA.memberName());
        assertThat(LastSeen.text(lifecycle(devices.get(0)), clock.instant()))
                .isEqualTo("connected just now via " + gwA.memberName());
        assertThat(LastSeen.text(lifecycle(devices.get(2)), clock.instant())).isEqualTo("never connected");
        var before = jdbc.queryForList(
                "select * from device_peer_status where member_id = ? order by public_key", gwA.memberId());

        clock.advance(Duration.ofMinutes(1));
        assertThat(report(gwA, peers).total())
                .as("rows written by an unchanged report")
                .isZero();
        assertThat(jdbc.queryForList(
                        "select * from device_peer_status where member_id = ? order by public_key", gwA.memberId()))
                .isEqualTo(before);
    }

    @Test
    void a_changed_handshake_or_endpoint_writes_exactly_the_changed_rows_and_counters_alone_wait() {
        var devices = devices(4);
        var t = now().minusSeconds(100);
        var first = new ArrayList<PeerStats>();
        for (var device : devices) {
            first.add(peer(device, t, 1000, 2000, "192.0.2.1:40000"));
        }
        assertThat(report(gwA, first)).isEqualTo(new Written(4, 4));

        clock.advance(Duration.ofMinutes(1));
        var second = List.of(
                peer(devices.get(0), t.plusSeconds(60), 1500, 2500, "192.0.2.1:40000"), // handshake advanced
                peer(devices.get(1), t, 1500, 2500, "198.51.100.7:41000"), // roamed
                peer(devices.get(2), t, 1500, 2500, "192.0.2.1:40000"), // counters only
                peer(devices.get(3), t.minusSeconds(50), 1000, 2000, null)); // older handshake, no endpoint
        assertThat(report(gwA, second)).isEqualTo(new Written(2, 1));
        assertThat(status(devices.get(0)).getFirst().lastHandshakeAt()).isEqualTo(t.plusSeconds(60));
        assertThat(status(devices.get(1)).getFirst().endpoint()).isEqualTo("198.51.100.7:41000");
        assertThat(status(devices.get(2)).getFirst().rxBytes())
                .as("counters alone wait for the refresh interval")
                .isEqualTo(1000);
        assertThat(status(devices.get(3)).getFirst())
                .as("neither an older handshake nor a missing endpoint erases what was seen")
                .extracting(MemberPeerStatus::lastHandshakeAt, MemberPeerStatus::endpoint)
                .containsExactly(t, "192.0.2.1:40000");

        clock.advance(PeerStatusStore.COUNTER_REFRESH);
        assertThat(report(gwA, second))
                .as("after the refresh interval, the one row whose counters moved since it was written")
                .isEqualTo(new Written(1, 0));
        assertThat(status(devices.get(2)).getFirst().rxBytes()).isEqualTo(1500);
        assertThat(report(gwA, second).total()).isZero();
    }

    @Test
    void the_device_keeps_the_newest_handshake_over_two_members() {
        var device = device();
        var t = now();
        assertThat(report(gwA, List.of(peer(device, t.minusSeconds(60), 1, 1, "192.0.2.1:40000"))))
                .isEqualTo(new Written(1, 1));
        assertThat(report(gwB, List.of(peer(device, t.minusSeconds(120), 1, 1, "192.0.2.2:40000"))))
                .as("gw-b's older handshake is stored for gw-b, and the device keeps gw-a's")
                .isEqualTo(new Written(1, 0));
        assertThat(lifecycle(device))
                .extracting(DeviceRow.Lifecycle::lastHandshakeAt, DeviceRow.Lifecycle::lastHandshakeMember)
                .containsExactly(t.minusSeconds(60), gwA.memberName());

        assertThat(report(gwB, List.of(peer(device, t.minusSeconds(10), 2, 2, "192.0.2.2:40000"))))
                .isEqualTo(new Written(1, 1));
        assertThat(lifecycle(device))
                .extracting(DeviceRow.Lifecycle::lastHandshakeAt, DeviceRow.Lifecycle::lastHandshakeMember)
                .containsExactly(t.minusSeconds(10), gwB.memberName());
        assertThat(status(device))
                .extracting(MemberPeerStatus::memberName, MemberPeerStatus::lastHandshakeAt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(gwA.memberName(), t.minusSeconds(60)),
                        org.assertj.core.groups.Tuple.tuple(gwB.memberName(), t.minusSeconds(10)));
    }

    @Test
    void two_members_reporting_at_once_leave_each_device_with_its_newest_handshake() {
        var devices = devices(20);
        var t = now();
        for (int round = 0; round < 3; round++) {
            var base = t.plusSeconds(round * 10L - 60);
            var a = new ArrayList<PeerStats>();
            var b = new ArrayList<PeerStats>();
            for (int i = 0; i < devices.size(); i++) {
                // gw-a is newer for even devices, gw-b for odd ones.
                a.add(peer(devices.get(i), base.plusSeconds(i % 2 == 0 ? 5 : 0), 1, 1, "192.0.2.1:40000"));
                b.add(peer(devices.get(i), base.plusSeconds(i % 2 == 0 ? 0 : 5), 1, 1, "192.0.2.2:40000"));
            }
            var outcomes = Race.run(List.<Callable<Written>>of(() -> report(gwA, a), () -> report(gwB, b)));
            assertThat(outcomes).allMatch(Race.Outcome::succeeded);
            for (int i = 0; i < devices.size(); i++) {
                assertThat(lifecycle(devices.get(i)))
                        .extracting(DeviceRow.Lifecycle::lastHandshakeAt, DeviceRow.Lifecycle::lastHandshakeMember)
                        .containsExactly(base.plusSeconds(5), (i % 2 == 0 ? gwA : gwB).memberName());
            }
        }
    }

    @Test
    void handshakes_seen_are_published_for_the_keys_whose_handshake_advanced_only() {
        var devices = devices(3);
        var t = now().minusSeconds(90);
        report(
                gwA,
                List.of(
                        peer(devices.get(0), t, 1, 1, "192.0.2.1:40000"),
                        peer(devices.get(1), t, 1, 1, "192.0.2.1:40001"),
                        new PeerStats(devices.get(2).publicKey(), null, 0, 0, null)));
        assertThat(seen)
                .containsExactly(new PeerHandshakesSeen(
                        gwA.memberName(),
                        Map.of(devices.get(0).publicKey(), t, devices.get(1).publicKey(), t)));

        seen.clear();
        report(
                gwA,
                List.of(
                        peer(devices.get(0), t.plusSeconds(30), 1, 1, "192.0.2.1:40000"),
                        peer(devices.get(1), t, 1, 1, "198.51.100.1:40001"),
                        new PeerStats(devices.get(2).publicKey(), null, 0, 0, null)));
        assertThat(seen)
                .containsExactly(new PeerHandshakesSeen(
                        gwA.memberName(), Map.of(devices.get(0).publicKey(), t.plusSeconds(30))));

        seen.clear();
        report(gwB, List.of(peer(devices.get(1), t.minusSeconds(30), 1, 1, "192.0.2.1:40001")));
        assertThat(seen)
                .as("each member's handshakes are compared with its own rows")
                .containsExactly(new PeerHandshakesSeen(
                        gwB.memberName(), Map.of(devices.get(1).publicKey(), t.minusSeconds(30))));

        seen.clear();
        report(gwA, List.of(peer(devices.get(0), t.plusSeconds(30), 1, 1, "192.0.2.1:40000")));
        assertThat(seen).as("nothing advanced, nothing published").isEmpty();
    }

    @Test
    void a_handshake_from_beyond_the_clock_skew_is_not_stored_as_a_handshake() {
        var device = device();
        var future = now().plus(StatusReports.CLOCK_SKEW).plusSeconds(30);
        assertThat(report(gwA, List.of(peer(device, future, 5, 6, "192.0.2.1:40000"))))
                .isEqualTo(new Written(1, 0));
        assertThat(status(device).getFirst())
                .extracting(MemberPeerStatus::lastHandshakeAt, MemberPeerStatus::rxBytes, MemberPeerStatus::txBytes)
                .containsExactly(null, 5L, 6L);
        assertThat(lifecycle(device).lastHandshakeAt()).isNull();
        assertThat(seen).isEmpty();

        var t = now().minusSeconds(20);
        report(gwA, List.of(peer(device, t, 5, 6, "192.0.2.1:40000")));
        seen.clear();
        assertThat(report(gwA, List.of(peer(device, future.plusSeconds(1), 5, 6, "192.0.2.1:40000"))))
                .isEqualTo(new Written(0, 0));
        assertThat(status(device).getFirst().lastHandshakeAt()).isEqualTo(t);
        assertThat(lifecycle(device).lastHandshakeAt()).isEqualTo(t);
        assertThat(seen).isEmpty();

        var withinSkew = now().plusSeconds(20);
        assertThat(report(gwA, List.of(peer(device, withinSkew, 5, 6, "192.0.2.1:40000"))))
                .as("a gateway clock a little ahead is still believed")
                .isEqualTo(new Written(1, 1));
    }

    @Test
    void a_refused_report_stores_nothing_and_an_accepted_one_over_http_does() throws Exception {
        var device = device();
        var unknown = WgKeyPair.generate(GatewayFixture.RANDOM).publicKey().toBase64();
        var t = now().minusSeconds(10);
        var http = new AgentHttp(baseUrl());
        var refused = AgentWire.encode(new StatusReport(
                "0.1.0",
                GATEWAY_KEY,
                0,
                null,
                List.of(peer(device, t, 1, 1, "192.0.2.1:40000"), new PeerStats(unknown, t, 1, 1, null)),
                List.of(),
                List.of()));
        assertThat(http.status(gwA.token(), refused).statusCode()).isEqualTo(422);
        assertThatThrownBy(() -> report(
                        gwA, List.of(peer(device, t, 1, 1, "192.0.2.1:40000"), new PeerStats(unknown, t, 1, 1, null))))
                .isInstanceOf(ReportRefusedException.class);
        assertThat(status(device)).isEmpty();
        assertThat(lifecycle(device).lastHandshakeAt()).isNull();
        assertThat(seen).as("refused before anything was compared").isEmpty();

        var accepted = AgentWire.encode(new StatusReport(
                "0.1.0",
                GATEWAY_KEY,
                0,
                null,
                List.of(peer(device, t, 1, 1, "192.0.2.1:40000")),
                List.of(),
                List.of()));
        assertThat(http.status(gwA.token(), accepted).statusCode()).isEqualTo(204);
        assertThat(status(device)).extracting(MemberPeerStatus::lastHandshakeAt).containsExactly(t);
    }

    @Test
    void the_new_key_of_a_rotation_is_a_known_peer_and_its_first_handshake_is_published() {
        var device = device();
        var next = fixture.as(
                        fixture.owner,
                        () -> context.getBean(dev.tunnelgate.devices.KeyRotation.class)
                                .start(
                                        device.id(),
                                        dev.tunnelgate.devices.KeyOrigin.USER,
                                        WgKeyPair.generate(GatewayFixture.RANDOM)
                                                .publicKey()
                                                .toBase64()))
                .newPublicKey();
        var t = now().minusSeconds(5);

        assertThat(report(
                        gwA,
                        List.of(
                                peer(device, t.minusSeconds(60), 1, 1, "192.0.2.1:40000"),
                                new PeerStats(next, t, 1, 1, "192.0.2.1:40002"))))
                .isEqualTo(new Written(2, 1));
        assertThat(seen)
                .containsExactly(new PeerHandshakesSeen(
                        gwA.memberName(), Map.of(device.publicKey(), t.minusSeconds(60), next, t)));
        assertThat(status(device))
                .extracting(MemberPeerStatus::publicKey)
                .containsExactlyInAnyOrder(device.publicKey(), next);
        assertThat(lifecycle(device).lastHandshakeAt())
                .as("the newest of both keys")
                .isEqualTo(t);
    }

    @Test
    void a_revoked_devices_key_is_still_stored_and_only_admins_and_auditors_read_the_rows() {
        var device = device();
        fixture.revoke(device.id());
        var t = now().minusSeconds(10);
        assertThat(report(gwA, List.of(peer(device, t, 1, 1, "192.0.2.1:40000"))))
                .isEqualTo(new Written(1, 1));
        assertThat(status(device)).hasSize(1);
        assertThatThrownBy(() -> fixture.as(fixture.owner, () -> store.forDevice(device.id())))
                .isInstanceOf(AccessDeniedException.class);
    }
}
