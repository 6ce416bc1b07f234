package dev.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.agent.PeerChange.Remove;
import dev.tunnelgate.agent.PeerChange.Upsert;
import dev.tunnelgate.protocol.AgentWire;
import dev.tunnelgate.protocol.DriftEntry;
import dev.tunnelgate.protocol.GatewayState;
import dev.tunnelgate.protocol.InterfaceConfig;
import dev.tunnelgate.protocol.PeerSetHash;
import dev.tunnelgate.protocol.PeerSpec;
import dev.tunnelgate.protocol.PeerStats;
import dev.tunnelgate.protocol.StatusReport;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent against a scripted portal on 127.0.0.1 and an in-memory interface: no OS, no sleeping. */
class AgentLoopTest {
    static final String SELF = WgDumpTest.SELF;
    static final String PSK = WgDumpTest.PSK;
    static final InterfaceConfig CONFIG = new InterfaceConfig(51820, List.of("10.10.0.1/16"));
    static final PeerSpec A = new PeerSpec(WgDumpTest.A, PSK, List.of("10.10.0.2/32"));
    static final PeerSpec B = new PeerSpec(WgDumpTest.B, null, List.of("10.10.0.3/32"));
    static final PeerSpec C = new PeerSpec(WgDumpTest.C, PSK, List.of("10.10.0.4/32"));
    static final GatewayState SNAPSHOT = GatewayState.snapshot(1, CONFIG, List.of(A, B));
    static final String TOKEN = "gw1.s3cr3t-token";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    @TempDir
    Path stateDir;

    FakePortal portal;
    InMemoryWireGuardInterface wg = new InMemoryWireGuardInterface(SELF, 51820);
    List<InterfaceConfig> ensured = new CopyOnWriteArrayList<>();
    final InMemoryFirewall firewall = new InMemoryFirewall();
    List<Duration> sleeps = new ArrayList<>();
    InterfaceKeeper keeper;
    AgentLoop loop;

    @BeforeEach
    void startPortal() throws IOException {
        portal = FakePortal.onLoopback();
        keeper = keeper(wg, portal.uri());
        loop = loop(keeper, portal.uri(), sleeps::add);
    }

    @AfterEach
    void stopPortal() {
        portal.close();
    }

    @AfterAll
    static void closeClient() {
        HTTP.close();
    }

    PortalClient client(URI uri) {
        return new PortalClient(HTTP, uri, TOKEN, "1.2.3-test");
    }

    InterfaceKeeper keeper(WireGuardInterface wireGuard, URI uri) {
        return new InterfaceKeeper(
                wireGuard,
                firewall,
                ensured::add,
                new StateStore(stateDir),
                new StatusReporter(client(uri), "1.2.3-test"));
    }

    AgentLoop loop(InterfaceKeeper keeper, URI uri, AgentLoop.Sleeper sleeper) {
        return new AgentLoop(
                client(uri), keeper, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.5), sleeper, 1);
    }

    static GatewayState delta(
            long since, long revision, List<PeerSpec> after, List<PeerSpec> set, List<String> removed) {
        return new GatewayState(revision, GatewayState.Kind.DELTA, since, PeerSetHash.of(after), CONFIG, set, removed);
    }

    /** A URL where nothing listens: connection refused, like a portal that is down. */
    static URI nobodyListening() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    void applySnapshot() throws InterruptedException {
        portal.answer(SNAPSHOT);
        assertThat(loop.pollOnce()).isTrue();
    }

    @Test
    void the_metrics_follow_what_the_loop_and_the_keeper_do() throws Exception {
        var metrics = new AgentMetrics(java.time.InstantSource.system(), "1.2.3-test");
        keeper = new InterfaceKeeper(
                wg,
                firewall,
                ensured::add,
                new StateStore(stateDir),
                new StatusReporter(client(portal.uri()), "1.2.3-test"),
                metrics);
        var backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.5);
        loop = new AgentLoop(client(portal.uri()), keeper, backoff, sleeps::add, 1, metrics);
        applySnapshot();
        wg.putDirectly(new PeerState(TestKeys.publicKey(), null, List.of("10.66.0.0/16"), null, null, 0, 0));
        keeper.checkDrift();
        var away = new AgentLoop(client(nobodyListening()), keeper, backoff, sleeps::add, 1, metrics);
        assertThat(away.pollOnce()).isFalse();

        var scrape = dev.tunnelgate.testing.PrometheusScrape.parse(metrics.render(firewall.dropped()));

        assertThat(scrape.value("tunnelgate_agent_applied_revision")).isEqualTo(1);
        assertThat(scrape.value("tunnelgate_agent_desired_peers")).isEqualTo(2);
        assertThat(scrape.value("tunnelgate_agent_apply_duration_seconds_count", "kind", "snapshot"))
                .isEqualTo(1);
        assertThat(scrape.value("tunnelgate_agent_drift_repaired_total", "kind", "extra"))
                .isEqualTo(1);
        assertThat(scrape.value("tunnelgate_agent_polls_total", "outcome", "ok"))
                .isEqualTo(1);
        assertThat(scrape.value("tunnelgate_agent_polls_total", "outcome", "unreachable"))
                .isEqualTo(1);
        assertThat(scrape.value("tunnelgate_agent_portal_reachable")).isZero();
        // Read again by the report after the repair: the peer added by hand is gone.
        assertThat(scrape.value("tunnelgate_agent_peers")).isEqualTo(2);
        assertThat(scrape.value("tunnelgate_agent_access_enforced")).isEqualTo(1);
        assertThat(scrape.value("tunnelgate_agent_nft_dropped_packets_total")).isZero();
    }

    @Test
    void a_snapshot_then_a_delta_are_applied_and_the_delta_touches_only_the_peers_it_names() throws Exception {
        applySnapshot();
        portal.answer(delta(1, 2, List.of(B, C), List.of(C), List.of(A.publicKey())));

        assertThat(loop.pollOnce()).isTrue();

        assertThat(wg.read().peers()).containsOnlyKeys(B.publicKey(), C.publicKey());
        assertThat(wg.appliedBatches())
                .containsExactly(
                        List.of(new Upsert(A), new Upsert(B)), List.of(new Remove(A.publicKey()), new Upsert(C)));
        assertThat(portal.stateRequests())
                .extracting(FakePortal.Request::query)
                .containsExactly("since=0&snapshot=true&wait=1&dns=true", "since=1&wait=1&dns=true");
        assertThat(ensured).containsExactly(CONFIG);
        assertThat(keeper.desiredRevision()).isEqualTo(2);
    }

    @Test
    void a_delta_leaves_every_peer_it_does_not_name_alone_even_one_that_drifted() throws Exception {
        applySnapshot();
        var byHand = new PeerState(TestKeys.publicKey(), null, List.of("10.66.0.0/16"), null, null, 0, 0);
        wg.putDirectly(byHand);
        portal.answer(delta(1, 2, List.of(A, B, C), List.of(C), List.of()));

        assertThat(loop.pollOnce()).isTrue();

        assertThat(wg.appliedBatches().getLast()).containsExactly(new Upsert(C));
        assertThat(wg.read().peers()).containsKey(byHand.publicKey()); // the drift check's business, not the delta's
    }

    @Test
    void every_request_carries_the_token_as_a_bearer_credential() throws Exception {
        applySnapshot();

        assertThat(portal.stateRequests())
                .extracting(FakePortal.Request::authorization)
                .containsOnly("Bearer " + TOKEN);
        assertThat(portal.reportRequests())
                .extracting(FakePortal.Request::authorization)
                .containsOnly("Bearer " + TOKEN);
    }

    @Test
    void a_report_is_sent_as_soon_as_a_state_is_applied() throws Exception {
        applySnapshot();

        assertThat(portal.reports()).hasSize(1);
        StatusReport report = portal.reports().getFirst();
        assertThat(report.appliedRevision()).isEqualTo(1);
        assertThat(report.appliedHash()).isEqualTo(SNAPSHOT.hash());
        assertThat(report.publicKey()).isEqualTo(SELF);
        assertThat(report.agentVersion()).isEqualTo("1.2.3-test");
        assertThat(report.peers())
                .extracting(PeerStats::publicKey)
                .containsExactlyInAnyOrder(A.publicKey(), B.publicKey());
        assertThat(portal.reportRequests().getFirst().contentType()).isEqualTo(AgentWire.MEDIA_TYPE);

        portal.answer(delta(1, 2, List.of(A, B, C), List.of(C), List.of()));
        loop.pollOnce();

        assertThat(portal.reports()).hasSize(2);
        assertThat(portal.reports().get(1).appliedRevision()).isEqualTo(2);
    }

    @Test
    void a_delta_whose_result_does_not_match_its_hash_is_not_applied_and_a_snapshot_is_asked_for() throws Exception {
        applySnapshot();
        // The portal thinks B is gone too, but the delta does not say so.
        portal.answer(delta(1, 2, List.of(C), List.of(C), List.of(A.publicKey())));

        assertThat(loop.pollOnce()).isFalse();

        assertThat(wg.appliedBatches()).hasSize(1);
        assertThat(wg.read().peers()).containsOnlyKeys(A.publicKey(), B.publicKey());
        assertThat(keeper.desiredRevision()).isEqualTo(1);

        portal.answer(GatewayState.snapshot(2, CONFIG, List.of(C)));
        assertThat(loop.pollOnce()).isTrue();

        assertThat(portal.stateRequests().getLast().query()).isEqualTo("since=0&snapshot=true&wait=1&dns=true");
        assertThat(wg.read().peers()).containsOnlyKeys(C.publicKey());
        assertThat(portal.reports().getLast().errors())
                .singleElement()
                .asString()
                .contains("hash differs");
    }

    @Test
    void a_delta_that_does_not_start_at_the_applied_revision_is_not_applied() throws Exception {
        applySnapshot();
        portal.answer(delta(3, 4, List.of(A, B, C), List.of(C), List.of()));

        assertThat(loop.pollOnce()).isFalse();
        loop.pollOnce();

        assertThat(wg.appliedBatches()).hasSize(1);
        assertThat(portal.stateRequests().getLast().query()).contains("snapshot=true");
    }

    @Test
    void a_delta_sent_where_a_snapshot_was_asked_for_is_not_applied() throws Exception {
        portal.answer(delta(0, 1, List.of(A), List.of(A), List.of()));

        assertThat(loop.pollOnce()).isFalse();

        assertThat(wg.appliedBatches()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "truncated", "unterminated delta", "wrong header"})
    void a_body_that_does_not_decode_keeps_the_last_good_config(String kind) throws Exception {
        applySnapshot();
        String good = AgentWire.encode(delta(1, 2, List.of(B), List.of(), List.of(A.publicKey())));
        String body = switch (kind) {
            case "garbage" -> "<html>502 Bad Gateway</html>";
            case "truncated" -> good.substring(0, good.length() / 2);
            case "unterminated delta" -> good.substring(0, good.length() - "end\n".length());
            default -> good.replace("tunnelgate-state 1", "tunnelgate-state 2");
        };
        portal.answer(200, body);

        assertThat(loop.pollOnce()).isFalse();
        loop.pollOnce();

        assertThat(wg.appliedBatches()).hasSize(1);
        assertThat(wg.read().peers()).containsOnlyKeys(A.publicKey(), B.publicKey());
        assertThat(portal.stateRequests().getLast().query()).contains("snapshot=true");
        assertThat(Files.readString(stateDir.resolve(StateStore.FILE_NAME))).isEqualTo(AgentWire.encode(SNAPSHOT));
    }

    @Test
    void no_change_within_the_wait_is_asked_for_again_at_once() throws Exception {
        try (var holding = FakePortal.start(java.net.InetAddress.getLoopbackAddress(), Duration.ofSeconds(1))) {
            var keeperHeld = keeper(wg, holding.uri());
            var loopHeld = loop(keeperHeld, holding.uri(), sleeps::add);
            holding.answer(SNAPSHOT);
            assertThat(loopHeld.pollOnce()).isTrue();

            assertThat(loopHeld.pollOnce()).as("204 after the whole wait").isTrue();
            assertThat(holding.stateRequests().getLast().query()).isEqualTo("since=1&wait=1&dns=true");
        }
    }

    @Test
    void no_change_answered_without_waiting_or_no_snapshot_means_backing_off() throws Exception {
        applySnapshot();

        assertThat(loop.pollOnce())
                .as("204 at once, as a misbehaving proxy might")
                .isFalse();
        portal.answer(SNAPSHOT); // unasked, and nothing newer than what is applied
        assertThat(loop.pollOnce()).isFalse();

        var fresh = loop(keeper(new InMemoryWireGuardInterface(SELF, 51820), portal.uri()), portal.uri(), sleeps::add);
        assertThat(fresh.pollOnce()).isFalse(); // 204 to a snapshot request
        assertThat(portal.stateRequests().getLast().query()).contains("snapshot=true");
    }

    @Test
    void an_apply_that_fails_is_reported_and_is_followed_by_a_snapshot() throws Exception {
        applySnapshot();
        wg.failApplies(true);
        portal.answer(delta(1, 2, List.of(A, B, C), List.of(C), List.of()));

        assertThat(loop.pollOnce()).isFalse();
        wg.failApplies(false);
        portal.answer(GatewayState.snapshot(2, CONFIG, List.of(A, B, C)));
        assertThat(loop.pollOnce()).isTrue();

        assertThat(portal.stateRequests().getLast().query()).contains("snapshot=true");
        assertThat(portal.reports().getLast().errors())
                .singleElement()
                .asString()
                .contains("applying revision 2 failed")
                .contains("Operation not permitted");
        assertThat(wg.read().peers()).containsOnlyKeys(A.publicKey(), B.publicKey(), C.publicKey());
    }

    @Test
    void a_refused_credential_changes_nothing_and_is_retried_with_a_snapshot() throws Exception {
        applySnapshot();
        portal.answer(401, "invalid gateway credential");

        assertThat(loop.pollOnce()).isFalse();
        loop.pollOnce();

        assertThat(wg.appliedBatches()).hasSize(1);
        assertThat(portal.stateRequests().getLast().query()).contains("snapshot=true");
    }

    @Test
    void a_refused_report_is_logged_and_the_agent_carries_on() throws Exception {
        portal.answerReportsWith(409, "applied revision went backwards");
        applySnapshot();
        portal.answer(delta(1, 2, List.of(A, B, C), List.of(C), List.of()));

        assertThat(loop.pollOnce()).isTrue();

        assertThat(wg.read().peers()).containsOnlyKeys(A.publicKey(), B.publicKey(), C.publicKey());
        assertThat(portal.reports()).hasSize(2);
    }

    @Test
    void a_changed_listen_port_or_address_sets_the_interface_up_again() throws Exception {
        applySnapshot();
        var moved = new InterfaceConfig(51821, List.of("10.10.0.1/16", "fd10::1/64"));
        portal.answer(new GatewayState(2, GatewayState.Kind.DELTA, 1, SNAPSHOT.hash(), moved, List.of(), List.of()));

        assertThat(loop.pollOnce()).isTrue();

        assertThat(ensured).containsExactly(CONFIG, moved);
        assertThat(wg.appliedBatches()).hasSize(1);
    }

    @Test
    void interface_settings_that_cannot_be_applied_do_not_hold_back_a_revocation() throws Exception {
        applySnapshot();
        InterfaceKeeper.Setup portTaken = config -> {
            throw new IOException("`wg set` exited with 1: Address already in use");
        };
        var stuck = new InterfaceKeeper(
                wg,
                firewall,
                portTaken,
                new StateStore(stateDir),
                new StatusReporter(client(portal.uri()), "1.2.3-test"));
        stuck.restore();
        var moved = new InterfaceConfig(51821, CONFIG.addresses());

        stuck.accept(new GatewayState(
                2, GatewayState.Kind.SNAPSHOT, 0, PeerSetHash.of(List.of(B)), moved, List.of(B), List.of()));

        assertThat(wg.read().peers())
                .as("the revoked peer is gone all the same")
                .containsOnlyKeys(B.publicKey());
        StatusReport report = portal.reports().getLast();
        assertThat(report.appliedRevision()).isEqualTo(2);
        assertThat(report.errors())
                .anySatisfy(error -> assertThat(error)
                        .contains("setting up the interface failed, its peers are applied all the same")
                        .contains("Address already in use"));
    }

    @Test
    void a_state_that_cannot_be_saved_removes_the_older_file_so_a_restart_cannot_bring_back_a_revoked_peer()
            throws Exception {
        applySnapshot();
        var fullDisk = new StateStore(stateDir) {
            @Override
            void save(GatewayState snapshot) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        var keeperOnFullDisk = new InterfaceKeeper(
                wg, firewall, ensured::add, fullDisk, new StatusReporter(client(portal.uri()), "1.2.3-test"));
        keeperOnFullDisk.restore();

        keeperOnFullDisk.accept(delta(1, 2, List.of(B), List.of(), List.of(A.publicKey())));

        assertThat(wg.read().peers()).containsOnlyKeys(B.publicKey());
        assertThat(stateDir.resolve(StateStore.FILE_NAME)).doesNotExist();
        assertThat(portal.reports().getLast().errors())
                .singleElement()
                .asString()
                .contains("saving the desired state failed, the older state file is removed")
                .contains("No space left");
        var rebooted = new InMemoryWireGuardInterface(SELF, 51820);
        keeper(rebooted, portal.uri()).restore();
        assertThat(rebooted.read().peers()).doesNotContainKey(A.publicKey());
    }

    @Test
    void the_persisted_state_is_applied_at_start_while_the_portal_is_down() throws Exception {
        applySnapshot();
        assertThat(Files.getPosixFilePermissions(stateDir.resolve(StateStore.FILE_NAME)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        URI down = nobodyListening();
        var rebooted = new InMemoryWireGuardInterface(SELF, 51820);
        ensured.clear();

        var restarted = keeper(rebooted, down);
        restarted.restore();
        boolean polled = loop(restarted, down, sleeps::add).pollOnce();

        assertThat(polled).isFalse();
        assertThat(ensured).containsExactly(CONFIG);
        assertThat(Reconciler.diff(SNAPSHOT.peers(), rebooted.read())).isEmpty();
        assertThat(restarted.desiredRevision()).isEqualTo(1);
    }

    @Test
    void an_unusable_state_file_is_ignored_and_the_first_snapshot_is_awaited() throws Exception {
        Files.writeString(stateDir.resolve(StateStore.FILE_NAME), "tunnelgate-state 1\nrevision 1\n");

        keeper.restore();

        assertThat(ensured).isEmpty();
        assertThat(keeper.desiredRevision()).isZero();
        applySnapshot();
        assertThat(portal.reports().getFirst().errors())
                .singleElement()
                .asString()
                .contains("state file");
    }

    @Test
    void an_unreachable_portal_is_tried_again_at_the_same_short_cadence_however_long_it_stays_down() throws Exception {
        URI down = nobodyListening();
        var waits = new ArrayList<Duration>();
        var stopAfterForty = new AgentLoop[1];
        stopAfterForty[0] = loop(keeper, down, wait -> {
            waits.add(wait);
            if (waits.size() == 40) {
                stopAfterForty[0].stop();
            }
        });

        stopAfterForty[0].run();

        // Drawn at its midpoint (0.5): 0.6 s + half of 0.6 s, the 40th wait as the first. The old backoff had
        // grown to a minute by then, and so had the time a gateway took to notice the portal was back.
        assertThat(waits).hasSize(40).containsOnly(Duration.ofMillis(900));
    }

    @Test
    void backoff_grows_while_the_portal_answers_with_errors_and_is_capped() throws Exception {
        for (int i = 0; i < 8; i++) {
            portal.answer(500, "database is down");
        }
        var waits = new ArrayList<Duration>();
        var stopAfterEight = new AgentLoop[1];
        stopAfterEight[0] = loop(keeper, portal.uri(), wait -> {
            waits.add(wait);
            if (waits.size() == 8) {
                stopAfterEight[0].stop();
            }
        });

        stopAfterEight[0].run();

        // Full jitter drawn at its midpoint (0.5): half of 1, 2, 4 … 60 s.
        assertThat(waits)
                .containsExactly(
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(16),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @ValueSource(ints = {502, 503, 504})
    void a_proxy_answering_for_an_absent_portal_counts_as_unreachable(int status) throws Exception {
        applySnapshot();
        portal.answer(status, "<html>" + status + "</html>");
        portal.answer(delta(1, 2, List.of(A, B, C), List.of(C), List.of()));

        assertThat(loop.pollOnce()).isFalse();
        assertThat(loop.pollOnce()).isTrue();

        assertThat(portal.stateRequests())
                .extracting(FakePortal.Request::query)
                .endsWith("since=1&wait=1&dns=true", "since=1&wait=1&dns=true");
        assertThat(wg.read().peers()).containsOnlyKeys(A.publicKey(), B.publicKey(), C.publicKey());
        var waits = new ArrayList<Duration>();
        var stopAtFirstWait = new AgentLoop[1];
        stopAtFirstWait[0] = loop(keeper, portal.uri(), wait -> {
            waits.add(wait);
            stopAtFirstWait[0].stop();
        });
        portal.answer(status, "");
        stopAtFirstWait[0].run();
        assertThat(waits)
                .as("the reconnect cadence, not the 500 ms of a first answered error")
                .containsExactly(Duration.ofMillis(900));
    }

    @Test
    void without_a_usable_token_the_agent_backs_off_instead_of_trying_every_second() throws Exception {
        var waits = new ArrayList<Duration>();
        var stopAtThirdWait = new AgentLoop[1];
        var noToken = new PortalClient(HTTP, portal.uri(), () -> null, "1.2.3-test", PortalClient.POLL_GRACE);
        stopAtThirdWait[0] = new AgentLoop(
                noToken,
                keeper,
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.5),
                wait -> {
                    waits.add(wait);
                    if (waits.size() == 3) {
                        stopAtThirdWait[0].stop();
                    }
                },
                1);

        stopAtThirdWait[0].run();

        assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(portal.stateRequests()).isEmpty();
    }

    @Test
    void after_the_portal_was_unreachable_the_agent_asks_for_the_changes_since_its_revision_not_for_a_snapshot()
            throws Exception {
        applySnapshot();
        var address = portal.address();
        portal.close();

        assertThat(loop.pollOnce()).as("connection refused").isFalse();
        portal = FakePortal.start(address, Duration.ZERO);
        portal.answer(delta(1, 2, List.of(B, C), List.of(C), List.of(A.publicKey())));
        assertThat(loop.pollOnce()).isTrue();

        assertThat(portal.stateRequests())
                .extracting(FakePortal.Request::query)
                .containsExactly("since=1&wait=1&dns=true");
        assertThat(wg.read().peers()).containsOnlyKeys(B.publicKey(), C.publicKey());
        assertThat(portal.reports().getLast().appliedRevision()).isEqualTo(2);
    }

    @Test
    void an_outage_is_logged_when_it_starts_and_once_a_minute_after_not_at_every_attempt() throws Exception {
        var records = new CopyOnWriteArrayList<LogRecord>();
        var handler = new Handler() {
            @Override
            public void publish(LogRecord entry) {
                records.add(entry);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger(AgentLoop.class.getName());
        logger.addHandler(handler);
        try {
            applySnapshot();
            var address = portal.address();
            portal.close();
            for (int i = 0; i < 20; i++) {
                assertThat(loop.pollOnce()).isFalse();
            }
            portal = FakePortal.start(address, Duration.ZERO);
            portal.answer(delta(1, 2, List.of(A, B, C), List.of(C), List.of()));
            assertThat(loop.pollOnce()).isTrue();
        } finally {
            logger.removeHandler(handler);
        }

        assertThat(records)
                .filteredOn(entry -> entry.getMessage().startsWith("portal not usable"))
                .hasSize(1);
        assertThat(records)
                .extracting(LogRecord::getMessage)
                .anyMatch(message -> message.startsWith("the portal answers again, after 20 failed attempt(s) in "));
    }

    @Test
    void a_peer_added_behind_the_agents_back_is_removed_and_reported_as_extra_at_once() throws Exception {
        applySnapshot();
        wg.putDirectly(new PeerState(C.publicKey(), null, List.of("10.66.0.0/16"), null, null, 0, 0));
        keeper.reportStats();
        assertThat(portal.reports().getLast().peers())
                .extracting(PeerStats::publicKey)
                .doesNotContain(C.publicKey());

        keeper.checkDrift();

        assertThat(wg.read().peers()).containsOnlyKeys(A.publicKey(), B.publicKey());
        assertThat(wg.appliedBatches().getLast()).containsExactly(new Remove(C.publicKey()));
        assertThat(portal.reports()).hasSize(3);
        assertThat(portal.reports().getLast().drift())
                .containsExactly(new DriftEntry(DriftEntry.Kind.EXTRA, C.publicKey()));

        keeper.reportStats();
        assertThat(portal.reports().getLast().drift()).isEmpty();
    }

    @Test
    void missing_and_changed_peers_are_repaired_and_reported_as_such() throws Exception {
        applySnapshot();
        wg.apply(List.of(new Remove(A.publicKey())));
        wg.putDirectly(new PeerState(B.publicKey(), null, List.of("10.10.0.3/32", "0.0.0.0/0"), null, null, 0, 0));

        keeper.checkDrift();

        assertThat(Reconciler.diff(SNAPSHOT.peers(), wg.read())).isEmpty();
        assertThat(portal.reports().getLast().drift())
                .containsExactlyInAnyOrder(
                        new DriftEntry(DriftEntry.Kind.MISSING, A.publicKey()),
                        new DriftEntry(DriftEntry.Kind.CHANGED, B.publicKey()));
    }

    @Test
    void an_interface_in_sync_is_not_touched_and_not_reported_by_the_drift_check() throws Exception {
        applySnapshot();

        keeper.checkDrift();

        assertThat(wg.appliedBatches()).hasSize(1);
        assertThat(portal.reports()).hasSize(1);
    }

    /** Like {@code wg} on the bulk path: the removals take effect, then {@code wg addconf} fails. */
    static final class FailingAfterRemovals implements WireGuardInterface {
        private final InMemoryWireGuardInterface wireGuard;
        volatile boolean failing;

        FailingAfterRemovals(InMemoryWireGuardInterface wireGuard) {
            this.wireGuard = wireGuard;
        }

        @Override
        public InterfaceState read() {
            return wireGuard.read();
        }

        @Override
        public void apply(List<PeerChange> changes) throws IOException {
            if (!failing) {
                wireGuard.apply(changes);
                return;
            }
            List<PeerChange> removals =
                    changes.stream().filter(change -> change instanceof Remove).toList();
            if (!removals.isEmpty()) {
                wireGuard.apply(removals);
            }
            throw new IOException("`wg addconf` exited with 1: Unable to modify interface: Cannot allocate memory");
        }

        @Override
        public void setEndpoints(java.util.Map<String, String> endpoints) {
            wireGuard.setEndpoints(endpoints);
        }
    }

    /** Snapshot {A, B} applied, then the delta to {B, C} fails after removing A. */
    FailingAfterRemovals revokeAAndFailHalfway() throws Exception {
        var partly = new FailingAfterRemovals(wg);
        keeper = keeper(partly, portal.uri());
        loop = loop(keeper, portal.uri(), sleeps::add);
        applySnapshot();
        partly.failing = true;
        portal.answer(delta(1, 2, List.of(B, C), List.of(C), List.of(A.publicKey())));

        assertThat(loop.pollOnce()).isFalse();

        assertThat(wg.read().peers()).containsOnlyKeys(B.publicKey());
        return partly;
    }

    @Test
    void a_partly_failed_apply_is_reported_as_the_last_fully_applied_revision() throws Exception {
        revokeAAndFailHalfway();

        keeper.reportStats();

        StatusReport report = portal.reports().getLast();
        assertThat(report.appliedRevision()).isEqualTo(1);
        assertThat(report.appliedHash()).isEqualTo(SNAPSHOT.hash());
        assertThat(report.errors()).singleElement().asString().contains("applying revision 2 failed");
    }

    @Test
    void the_drift_check_finishes_a_partly_failed_apply_instead_of_bringing_back_a_revoked_peer() throws Exception {
        FailingAfterRemovals partly = revokeAAndFailHalfway();
        partly.failing = false;

        keeper.checkDrift();

        assertThat(wg.read().peers()).containsOnlyKeys(B.publicKey(), C.publicKey());
        assertThat(wg.appliedBatches().getLast()).containsExactly(new Upsert(C));
        StatusReport report = portal.reports().getLast();
        assertThat(report.appliedRevision()).isEqualTo(2);
        assertThat(report.appliedHash()).isEqualTo(PeerSetHash.of(List.of(B, C)));
    }

    @Test
    void a_restart_after_a_partly_failed_apply_restores_the_newest_desired_state() throws Exception {
        revokeAAndFailHalfway();
        var rebooted = new InMemoryWireGuardInterface(SELF, 51820);

        var restarted = keeper(rebooted, portal.uri());
        restarted.restore();

        assertThat(rebooted.read().peers()).containsOnlyKeys(B.publicKey(), C.publicKey());
        assertThat(restarted.desiredRevision()).isEqualTo(2);
    }

    @Test
    void a_persisted_state_that_cannot_be_applied_at_start_is_not_reported_as_applied_until_the_drift_check_applies_it()
            throws Exception {
        applySnapshot();
        var rebooted = new InMemoryWireGuardInterface(SELF, 51820);
        rebooted.failApplies(true);
        var restarted = keeper(rebooted, portal.uri());

        restarted.restore();
        restarted.reportStats();

        StatusReport report = portal.reports().getLast();
        assertThat(report.appliedRevision()).isZero();
        assertThat(report.appliedHash()).isNull();
        assertThat(report.errors()).singleElement().asString().contains("restoring");
        assertThat(restarted.desiredRevision()).isEqualTo(1); // deltas are still checked against it

        rebooted.failApplies(false);
        restarted.checkDrift();

        assertThat(Reconciler.diff(SNAPSHOT.peers(), rebooted.read())).isEmpty();
        assertThat(portal.reports().getLast().appliedRevision()).isEqualTo(1);
        assertThat(portal.reports().getLast().appliedHash()).isEqualTo(SNAPSHOT.hash());
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 401})
    void drift_and_errors_are_kept_for_the_next_report_when_the_portal_fails_to_take_one(int status) throws Exception {
        applySnapshot();
        wg.putDirectly(new PeerState(C.publicKey(), null, List.of("10.66.0.0/16"), null, null, 0, 0));
        keeper.recordError("something failed");
        portal.answerReportsWith(status, "try again later");

        keeper.checkDrift();
        portal.answerReportsWith(204, "");
        keeper.reportStats();

        StatusReport report = portal.reports().getLast();
        assertThat(report.drift()).containsExactly(new DriftEntry(DriftEntry.Kind.EXTRA, C.publicKey()));
        assertThat(report.errors()).containsExactly("something failed");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 409, 413, 422})
    void drift_and_errors_the_portal_refused_for_their_content_are_not_sent_again(int status) throws Exception {
        applySnapshot();
        wg.putDirectly(new PeerState(C.publicKey(), null, List.of("10.66.0.0/16"), null, null, 0, 0));
        keeper.recordError("something failed");
        portal.answerReportsWith(status, "refused");

        keeper.checkDrift();
        portal.answerReportsWith(204, "");
        keeper.reportStats();

        StatusReport report = portal.reports().getLast();
        assertThat(report.drift()).isEmpty();
        assertThat(report.errors()).isEmpty();
    }

    @Test
    void a_closed_keeper_applies_nothing() throws Exception {
        keeper.close();
        portal.answer(SNAPSHOT);

        loop.pollOnce();
        keeper.checkDrift();

        assertThat(wg.appliedBatches()).isEmpty();
        assertThat(portal.reports()).isEmpty();
    }

    static final dev.tunnelgate.protocol.Grant WEB = NftRulesetTest.WEB;

    @Test
    void a_snapshot_replaces_the_access_rules_and_a_delta_changes_them_before_any_peer() throws Exception {
        var a = A.withGrant(WEB.key());
        portal.answer(GatewayState.snapshot(1, CONFIG, List.of(a, B), java.util.Map.of(WEB.key(), WEB)));
        assertThat(loop.pollOnce()).isTrue();
        assertThat(firewall.elements()).containsExactly(java.util.Map.entry("10.10.0.2", WEB.key()));

        var c = C.withGrant(WEB.key());
        portal.answer(new GatewayState(
                2,
                GatewayState.Kind.DELTA,
                1,
                PeerSetHash.of(List.of(B, c)),
                CONFIG,
                List.of(c),
                List.of(a.publicKey()),
                java.util.Map.of(WEB.key(), WEB)));
        assertThat(loop.pollOnce()).isTrue();

        assertThat(firewall.operations()).containsExactly("replace", "update");
        assertThat(firewall.elements()).containsExactly(java.util.Map.entry("10.10.0.4", WEB.key()));
        assertThat(portal.reports().getLast().errors()).isEmpty();
    }

    @Test
    void an_element_changed_by_hand_is_repaired_and_reported_as_access_drift_of_its_peer() throws Exception {
        var a = A.withGrant(WEB.key());
        portal.answer(GatewayState.snapshot(1, CONFIG, List.of(a, B), java.util.Map.of(WEB.key(), WEB)));
        assertThat(loop.pollOnce()).isTrue();
        firewall.putDirectly("10.10.0.2", null);
        firewall.putDirectly("10.10.0.3", WEB.key());

        keeper.checkDrift();

        assertThat(firewall.elements()).containsExactly(java.util.Map.entry("10.10.0.2", WEB.key()));
        assertThat(portal.reports().getLast().drift())
                .containsExactlyInAnyOrder(
                        new DriftEntry(DriftEntry.Kind.ACCESS, a.publicKey()),
                        new DriftEntry(DriftEntry.Kind.ACCESS, B.publicKey()));
        int reports = portal.reports().size();
        keeper.checkDrift();
        assertThat(portal.reports()).as("nothing to repair, nothing to report").hasSize(reports);
    }

    @Test
    void without_nftables_peers_are_applied_all_the_same_and_every_report_says_access_is_not_enforced()
            throws Exception {
        var a = A.withGrant(WEB.key());
        new StateStore(stateDir)
                .save(GatewayState.snapshot(1, CONFIG, List.of(a, B), java.util.Map.of(WEB.key(), WEB)));
        firewall.failWith("Cannot run program \"nft\": error=2, No such file or directory");

        keeper.restore();
        assertThat(wg.read().peers()).containsOnlyKeys(a.publicKey(), B.publicKey());
        keeper.reportStats();
        keeper.reportStats();

        assertThat(portal.reports())
                .hasSize(2)
                .allSatisfy(report -> assertThat(report.errors())
                        .containsExactly("nftables not available: access policies are NOT enforced on this gateway: "
                                + "Cannot run program \"nft\": error=2, No such file or directory"));

        firewall.failWith(null);
        keeper.checkDrift();
        keeper.reportStats();
        assertThat(portal.reports().getLast().errors()).isEmpty();
        assertThat(firewall.elements()).containsKey("10.10.0.2");
    }

    @Test
    void restore_puts_the_access_rules_back_before_the_peers() throws Exception {
        var a = A.withGrant(WEB.key());
        new StateStore(stateDir)
                .save(GatewayState.snapshot(1, CONFIG, List.of(a, B), java.util.Map.of(WEB.key(), WEB)));
        var order = new CopyOnWriteArrayList<String>();
        var watched = new InMemoryWireGuardInterface(SELF, 51820) {
            @Override
            public synchronized void apply(List<PeerChange> changes) throws IOException {
                order.add("peers, rules " + firewall.elements().keySet());
                super.apply(changes);
            }
        };

        keeper(watched, portal.uri()).restore();

        assertThat(order).containsExactly("peers, rules [10.10.0.2]");
    }
}
