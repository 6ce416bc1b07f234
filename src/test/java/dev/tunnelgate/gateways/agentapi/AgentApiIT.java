package dev.tunnelgate.gateways.agentapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.gateways.AgentHttp;
import dev.tunnelgate.gateways.GatewayFixture;
import dev.tunnelgate.gateways.GatewayIntegrationTest;
import dev.tunnelgate.gateways.IssuedCredential;
import dev.tunnelgate.gateways.MemberRow;
import dev.tunnelgate.gateways.RevisionWatcher;
import dev.tunnelgate.keys.WgKey;
import dev.tunnelgate.keys.WgKeyPair;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.NetworkSpec;
import dev.tunnelgate.protocol.AgentWire;
import dev.tunnelgate.protocol.DnsCheck;
import dev.tunnelgate.protocol.GatewayState;
import dev.tunnelgate.protocol.PeerSetHash;
import dev.tunnelgate.protocol.PeerSpec;
import dev.tunnelgate.protocol.PeerStats;
import dev.tunnelgate.protocol.StatusReport;
import dev.tunnelgate.testing.TestNetworks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The agent API over real HTTP: credentials, long-poll, deltas and snapshots, and report validation. */
class AgentApiIT extends GatewayIntegrationTest {
    AgentHttp http;
    long network;
    long group;
    IssuedCredential member;

    @Autowired
    RevisionWatcher watcher;

    @BeforeEach
    void setUp() {
        http = new AgentHttp(baseUrl());
        network = fixture.network(ApprovalMode.MANUAL, 50);
        group = fixture.group("vpn.example.test:51820", 51820, network);
        member = fixture.member(group, "gw-a");
    }

    private GatewayState snapshot(String token) throws Exception {
        var response = http.state(token, "snapshot=true");
        assertThat(response.statusCode()).isEqualTo(200);
        return AgentWire.decodeState(response.body());
    }

    private static String publicKey() {
        return WgKeyPair.generate(GatewayFixture.RANDOM).publicKey().toBase64();
    }

    private String report(long revision, String hash, List<PeerStats> peers) {
        return AgentWire.encode(new StatusReport("0.1.0", publicKey(), revision, hash, peers, List.of(), List.of()));
    }

    @Test
    void a_snapshot_holds_exactly_the_active_devices_with_their_keys_and_addresses() throws Exception {
        network = fixture.network(ApprovalMode.MANUAL, 50);
        group = fixture.group(publicKey(), "vpn.example.test:51820", 51820, network);
        member = fixture.member(group, "gw-a");
        assertThat(fixture.asAdmin(() -> networks.get(network)).gatewayPublicKey())
                .isNotNull();
        var approved = fixture.enroll(network);
        var pending = fixture.enroll(network);
        fixture.approve(approved.id());

        var state = snapshot(member.token());

        assertThat(state.kind()).isEqualTo(GatewayState.Kind.SNAPSHOT);
        assertThat(state.peers()).extracting(PeerSpec::publicKey).containsExactly(approved.publicKey());
        var peer = state.peers().getFirst();
        assertThat(peer.allowedIps())
                .containsExactlyInAnyOrder(
                        approved.enrollment().device().ipv4Address() + "/32",
                        approved.enrollment().device().ipv6Address() + "/128");
        assertThat(peer.presharedKey())
                .isEqualTo(approved.enrollment()
                        .config()
                        .text()
                        .lines()
                        .filter(l -> l.startsWith("PresharedKey"))
                        .findFirst()
                        .orElseThrow()
                        .split("= ", 2)[1]);
        assertThat(state.peers()).extracting(PeerSpec::publicKey).doesNotContain(pending.publicKey());
        assertThat(state.interfaceConfig().listenPort()).isEqualTo(51820);
        assertThat(state.interfaceConfig().addresses())
                .hasSize(2)
                .allMatch(a -> a.endsWith("/16") || a.endsWith("/64"));
        assertThat(jdbc.queryForObject("select peer_hash from gateway_group where id = ?", String.class, group))
                .isEqualTo(PeerSetHash.of(state.peers()));
    }

    @Test
    void a_waiting_poll_returns_the_approval_at_once_as_a_delta_and_then_the_revocation() throws Exception {
        var device = fixture.enroll(network);
        var start = snapshot(member.token());

        var poll = http.stateAsync(member.token(), "since=" + start.revision() + "&wait=25");
        awaitWaitingPolls(group, 1); // so the approval has to wake it, not be read by it
        assertThat(poll).isNotDone();
        fixture.approve(device.id());
        var response = poll.get(10, TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(200);
        var delta = AgentWire.decodeState(response.body());
        assertThat(delta.kind()).isEqualTo(GatewayState.Kind.DELTA);
        assertThat(delta.since()).isEqualTo(start.revision());
        assertThat(delta.peers()).extracting(PeerSpec::publicKey).containsExactly(device.publicKey());
        assertThat(delta.hash())
                .isEqualTo(PeerSetHash.add(start.hash(), delta.peers().getFirst()));

        fixture.revoke(device.id());
        var removal = AgentWire.decodeState(http.state(member.token(), "since=" + delta.revision() + "&wait=5")
                .body());
        assertThat(removal.removed()).containsExactly(device.publicKey());
        assertThat(removal.peers()).isEmpty();
        assertThat(removal.hash()).isEqualTo(start.hash());
    }

    @Test
    void a_stopping_portal_lets_waiting_polls_go_at_once_and_answers_new_ones_without_waiting() throws Exception {
        var start = snapshot(member.token());
        var poll = http.stateAsync(member.token(), "since=" + start.revision() + "&wait=25");
        awaitWaitingPolls(group, 1);
        try {
            long stopping = System.nanoTime();
            watcher.stop();
            var response = poll.get(5, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(5));
            // Agents read 503 as "the portal is not there" and ask again within a second or so.
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).isEqualTo("the portal is shutting down\n");
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");

            var late = http.state(member.token(), "since=" + start.revision() + "&wait=25");
            assertThat(late.statusCode()).isEqualTo(503);
        } finally {
            watcher.start();
        }
        assertThat(http.state(member.token(), "since=" + start.revision() + "&wait=1")
                        .statusCode())
                .isEqualTo(204);
    }

    @Test
    void dns_servers_go_only_to_agents_that_ask_and_their_checks_are_stored_per_member() throws Exception {
        var settings = fixture.asAdmin(() -> networks.get(network));
        String gatewayAddress = settings.gatewayAddresses().getFirst().toCanonicalString();
        fixture.asAdmin(() -> {
            networks.update(network, TestNetworks.with(NetworkSpec.of(settings), b -> b.dnsServers(gatewayAddress)));
            return null;
        });

        var old = http.state(member.token(), "snapshot=true");
        assertThat(old.body()).doesNotContain("dns");
        var state = AgentWire.decodeState(
                http.state(member.token(), "snapshot=true&dns=true").body());
        assertThat(state.interfaceConfig().dnsServers()).containsExactly(gatewayAddress);

        String key = publicKey();
        var report = new StatusReport(
                "0.2.0",
                key,
                state.revision(),
                state.hash(),
                List.of(),
                List.of(),
                List.of(),
                true,
                List.of(
                        new DnsCheck(gatewayAddress, DnsCheck.Outcome.NO_ANSWER),
                        // Not a DNS server of the group's networks: dropped, never shown.
                        new DnsCheck("192.0.2.53", DnsCheck.Outcome.OK)));
        assertThat(http.status(member.token(), AgentWire.encode(report)).statusCode())
                .isEqualTo(204);
        assertThat(memberStatus().dnsChecks())
                .containsExactly(new DnsCheck(gatewayAddress, DnsCheck.Outcome.NO_ANSWER));

        // The quick acknowledgement carries no checks and keeps the last ones; a full report without any clears them.
        var ack =
                new StatusReport("0.2.0", key, state.revision(), state.hash(), List.of(), List.of(), List.of(), false);
        assertThat(http.status(member.token(), AgentWire.encode(ack)).statusCode())
                .isEqualTo(204);
        assertThat(memberStatus().dnsChecks()).hasSize(1);
        var none = new StatusReport("0.2.0", key, state.revision(), state.hash(), List.of(), List.of(), List.of());
        assertThat(http.status(member.token(), AgentWire.encode(none)).statusCode())
                .isEqualTo(204);
        assertThat(memberStatus().dnsChecks()).isEmpty();
    }

    @Test
    void a_report_with_hostile_dns_checks_is_refused_whole() throws Exception {
        var state = snapshot(member.token());
        String body = AgentWire.encode(new StatusReport(
                        "0.2.0", publicKey(), state.revision(), state.hash(), List.of(), List.of(), List.of()))
                .replace("\nend\n", "\ndns 10.0.0.1;rm -rf ok\nend\n");

        var response = http.status(member.token(), body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(memberStatus().agentVersion()).isNull();
        assertThat(memberStatus().dnsChecks()).isEmpty();
    }

    private MemberRow memberStatus() {
        return fixture.asAdmin(() -> gateways.members(group)).stream()
                .filter(row -> row.id() == member.memberId())
                .findFirst()
                .orElseThrow();
    }

    @Test
    void an_up_to_date_agent_gets_no_content_after_its_wait() throws Exception {
        var start = snapshot(member.token());
        var response = http.state(member.token(), "since=" + start.revision() + "&wait=1");
        assertThat(response.statusCode()).isEqualTo(204);
    }

    @Test
    void a_credential_reads_only_its_own_groups_state() throws Exception {
        var device = fixture.enroll(network);
        fixture.approve(device.id());
        var otherNetwork = fixture.network(ApprovalMode.MANUAL, 5);
        var otherGroup = fixture.group("other.example.test:51821", 51821, otherNetwork);
        var otherMember = fixture.member(otherGroup, "gw-x");

        assertThat(snapshot(otherMember.token()).peers()).isEmpty();
        assertThat(snapshot(member.token()).peers())
                .extracting(PeerSpec::publicKey)
                .contains(device.publicKey());
    }

    @Test
    void bad_credentials_get_401_and_an_audit_event() throws Exception {
        long since = lastAuditId();
        var forged = member.token().substring(0, member.token().length() - 4) + "AAAA";
        var otherMemberId = "tgw1." + (member.memberId() + 100000) + "." + "A".repeat(43);
        for (var token : new String[] {null, "", "garbage", forged, otherMemberId, member.token() + "x"}) {
            var response = http.state(token, "snapshot=true");
            assertThat(response.statusCode()).as("token %s", token).isEqualTo(401);
            assertThat(response.body()).doesNotContain(member.token());
            assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
        }
        assertThat(http.status(forged, "tunnelgate-status 1\nend\n").statusCode())
                .isEqualTo(401);
        assertThat(authFailures("gateway-member:" + member.memberId(), since))
                .as("the forged credential of a real member")
                .isEqualTo(1);
        assertThat(authFailureReasons(since)).contains("reason=wrong or rotated-out credential");
        // Members that do not exist and malformed credentials: their caller picks the id, so each kind has one
        // window a minute for all of them (opened by this test, or by another one within the last minute).
        assertThat(authFailures("gateway-member:?", since)).isBetween(0, 2);

        long beforeFlood = lastAuditId();
        for (int i = 0; i < 20; i++) {
            assertThat(http.state(forged, "snapshot=true").statusCode()).isEqualTo(401);
            assertThat(http.state("tgw1." + (member.memberId() + 200000 + i) + "." + "B".repeat(43), "snapshot=true")
                            .statusCode())
                    .isEqualTo(401);
            assertThat(http.state("garbage-" + i, "snapshot=true").statusCode()).isEqualTo(401);
        }
        assertThat(authFailures("gateway-member:" + member.memberId(), beforeFlood))
                .as("a flood with one member's id")
                .isZero();
        assertThat(authFailures("gateway-member:?", beforeFlood))
                .as("a flood with ids that do not exist, and garbage")
                .isLessThanOrEqualTo(2);
        assertThat(jdbc.queryForList(
                        "select details from audit_event where action = 'gateway.auth-failed' "
                                + "and target = 'gateway-member:?' order by id desc",
                        String.class))
                .as("both kinds are in the audit log")
                .anyMatch(d -> d.startsWith("reason=no such member"))
                .anyMatch(d -> d.startsWith("reason=malformed credential"));
    }

    @Test
    void a_rotated_credential_works_until_the_new_one_is_used_and_a_revoked_member_is_locked_out() throws Exception {
        var rotated = fixture.asAdmin(() -> gateways.rotateCredential(member.memberId()));
        assertThat(rotated.token()).isNotEqualTo(member.token());
        assertThat(http.state(member.token(), "snapshot=true").statusCode()).isEqualTo(200);
        assertThat(http.state(rotated.token(), "snapshot=true").statusCode()).isEqualTo(200);
        assertThat(http.state(member.token(), "snapshot=true").statusCode()).isEqualTo(401);

        fixture.asAdmin(() -> {
            gateways.revokeMember(member.memberId());
            return null;
        });
        assertThat(http.state(rotated.token(), "snapshot=true").statusCode()).isEqualTo(401);
    }

    @Test
    void rotating_twice_keeps_the_deployed_credential_and_a_revocation_ends_a_waiting_poll_with_401() throws Exception {
        var first = fixture.asAdmin(() -> gateways.rotateCredential(member.memberId()));
        var second = fixture.asAdmin(() -> gateways.rotateCredential(member.memberId()));
        assertThat(http.state(first.token(), "snapshot=true").statusCode())
                .as("replaced before it was used")
                .isEqualTo(401);
        assertThat(http.state(member.token(), "snapshot=true").statusCode())
                .as("still deployed, in its grace")
                .isEqualTo(200);

        var start = snapshot(second.token());
        var poll = http.stateAsync(second.token(), "since=" + start.revision() + "&wait=25");
        awaitWaitingPolls(group, 1); // authenticated and waiting before the revocation
        fixture.asAdmin(() -> {
            gateways.revokeMember(member.memberId());
            return null;
        });
        fixture.approve(fixture.enroll(network).id());
        assertThat(poll.get(10, TimeUnit.SECONDS).statusCode())
                .as("the waiting poll of a revoked member")
                .isEqualTo(401);
    }

    @Test
    void a_report_whose_interface_key_is_low_order_or_a_devices_key_is_refused() throws Exception {
        var device = fixture.enroll(network);
        fixture.approve(device.id());
        var state = snapshot(member.token());
        var lowOrder = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        for (var key : List.of(lowOrder, device.publicKey())) {
            var report = AgentWire.encode(
                    new StatusReport("0.1.0", key, state.revision(), state.hash(), List.of(), List.of(), List.of()));
            assertThat(http.status(member.token(), report).statusCode()).as(key).isEqualTo(422);
        }
        assertThat(fixture.asAdmin(() -> gateways.members(group)).getFirst().reportedPublicKey())
                .isNull();
    }

    @Test
    void a_valid_report_is_stored_and_the_first_reported_key_becomes_the_networks_gateway_key() throws Exception {
        var device = fixture.enroll(network);
        fixture.approve(device.id());
        var state = snapshot(member.token());
        var gatewayKey = publicKey();
        var report = AgentWire.encode(new StatusReport(
                "0.1.0",
                gatewayKey,
                state.revision(),
                state.hash(),
                List.of(new PeerStats(device.publicKey(), Instant.now(), 100, 200, "127.0.0.1:40000")),
                List.of(),
                List.of()));

        assertThat(http.status(member.token(), report).statusCode()).isEqualTo(204);

        var row = fixture.asAdmin(() -> gateways.members(group)).getFirst();
        assertThat(row.appliedRevision()).isEqualTo(state.revision());
        assertThat(row.upToDate()).isTrue();
        assertThat(row.online()).isTrue();
        assertThat(row.peerCount()).isEqualTo(1);
        assertThat(row.handshakingPeers()).isEqualTo(1);
        assertThat(row.lastError()).isNull();
        var quickAck = AgentWire.encode(new StatusReport(
                "0.1.0", gatewayKey, state.revision(), state.hash(), List.of(), List.of(), List.of(), false));
        assertThat(http.status(member.token(), quickAck).statusCode()).isEqualTo(204);
        assertThat(fixture.asAdmin(() -> gateways.members(group)).getFirst().peerCount())
                .as("an acknowledgement without statistics keeps the last ones")
                .isEqualTo(1);
        assertThat(fixture.asAdmin(() -> networks.get(network)).gatewayPublicKey())
                .isEqualTo(WgKey.parsePublic(gatewayKey));
        assertThat(fixture.as(fixture.owner, () -> devices.config(device.id())).text())
                .contains("PublicKey = " + gatewayKey)
                .contains("Endpoint = vpn.example.test:51820");
    }

    @Test
    void hostile_reports_are_refused_whole_and_change_nothing() throws Exception {
        var device = fixture.enroll(network);
        fixture.approve(device.id());
        var state = snapshot(member.token());
        assertThat(http.status(member.token(), report(state.revision(), state.hash(), List.of()))
                        .statusCode())
                .isEqualTo(204);
        var before = memberRow();

        var unknownPeer = new PeerStats(publicKey(), null, 0, 0, null);
        var refused = Map.of(
                "backwards",
                        http.status(
                                member.token(),
                                AgentWire.encode(new StatusReport(
                                        "0.1.0",
                                        publicKey(),
                                        state.revision() - 1,
                                        state.hash(),
                                        List.of(),
                                        List.of(),
                                        List.of("restoring the persisted state failed: disk")))),
                "future", http.status(member.token(), report(state.revision() + 5, state.hash(), List.of())),
                "unknown peer",
                        http.status(member.token(), report(state.revision(), state.hash(), List.of(unknownPeer))),
                "garbage", http.status(member.token(), "tunnelgate-status 1\napplied-revision -1\nend\n"),
                "truncated",
                        http.status(
                                member.token(),
                                report(state.revision(), state.hash(), List.of())
                                        .replace("end\n", "")),
                "oversized", http.status(member.token(), "x".repeat(AgentApiController.MAX_REPORT_BYTES + 1)));

        assertThat(refused.get("backwards").statusCode()).isEqualTo(409);
        assertThat(refused.get("future").statusCode()).isEqualTo(422);
        assertThat(refused.get("unknown peer").statusCode()).isEqualTo(422);
        assertThat(refused.get("unknown peer").body()).contains("not adopted");
        assertThat(refused.get("garbage").statusCode()).isEqualTo(400);
        assertThat(refused.get("truncated").statusCode()).isEqualTo(400);
        assertThat(refused.get("oversized").statusCode()).isEqualTo(413);
        var after = memberRow();
        assertThat(after.get("last_error"))
                .as("the last refusal is where admins look")
                .isEqualTo(
                        "report refused: a report may have at most " + AgentApiController.MAX_REPORT_BYTES + " bytes");
        after.remove("last_error");
        before.remove("last_error");
        before.remove("version");
        after.remove("version");
        assertThat(after).as("nothing a refused report says is stored").isEqualTo(before);
        assertThat(jdbc.queryForList(
                        "select details from audit_event where action = 'gateway.report-refused' and target = ?",
                        String.class,
                        "gateway-member:" + member.memberId()))
                .anyMatch(d -> d.contains("applied revision went back")
                        && d.contains("the agent reports: restoring the persisted state failed: disk"))
                .anyMatch(d -> d.contains("this group never had") && d.contains(unknownPeer.publicKey()))
                .anyMatch(d -> d.contains("invalid report"))
                .anyMatch(d -> d.contains("at most " + AgentApiController.MAX_REPORT_BYTES + " bytes"));
    }

    @Test
    void bad_poll_parameters_get_400() throws Exception {
        for (var query :
                new String[] {"since=-1", "since=abc", "wait=31", "since=99999999999999999999", "snapshot=maybe"}) {
            assertThat(http.state(member.token(), query).statusCode()).as(query).isEqualTo(400);
        }
    }

    @Test
    void hostile_poll_parameters_get_a_clear_400_and_change_nothing() throws Exception {
        var answers = new java.util.LinkedHashMap<String, String>();
        answers.put("since=-1", "since must be a non-negative whole number");
        answers.put("since=-9223372036854775808", "since must be a non-negative whole number");
        answers.put("since=9223372036854775808", "since must be a non-negative whole number");
        answers.put("since=1e3", "since must be a non-negative whole number");
        answers.put("since=1.5", "since must be a non-negative whole number");
        answers.put("since=%E2%91%A0", "since must be a non-negative whole number");
        answers.put("wait=-1", "wait must be a non-negative whole number");
        answers.put("wait=31", "wait must be at most 30");
        answers.put("wait=2147483648", "wait must be a non-negative whole number");
        answers.put("wait=soon", "wait must be a non-negative whole number");
        answers.put("snapshot=maybe", "snapshot must be true or false");
        answers.put("since=1&since=2", "since must be a non-negative whole number");
        answers.put("wait=0&wait=31", "wait must be a non-negative whole number");
        answers.put("snapshot=true&snapshot=false", "snapshot must be true or false");
        for (var entry : answers.entrySet()) {
            var response = http.state(member.token(), entry.getKey());
            assertThat(response.statusCode()).as(entry.getKey()).isEqualTo(400);
            assertThat(response.body()).as(entry.getKey()).isEqualTo(entry.getValue() + "\n");
        }
        assertThat(jdbc.queryForObject(
                        "select last_contact_at from gateway_member where id = ?",
                        java.sql.Timestamp.class,
                        member.memberId()))
                .as("a refused poll is no contact")
                .isNull();
    }

    @Test
    void delivery_shows_which_member_still_lacks_a_change_and_drift_is_recorded_and_audited() throws Exception {
        var second = fixture.member(group, "gw-b");
        var device = fixture.enroll(network);
        fixture.approve(device.id());
        var state = snapshot(member.token());
        assertThat(http.status(member.token(), report(state.revision(), state.hash(), List.of()))
                        .statusCode())
                .isEqualTo(204);

        assertThat(fixture.delivery(device.id())).isEqualTo("pending on gw-b (1/2)");
        assertThat(http.status(second.token(), report(state.revision(), state.hash(), List.of()))
                        .statusCode())
                .isEqualTo(204);
        assertThat(fixture.delivery(device.id())).isEqualTo("active on 2/2 gateways");
        // The approval staged a job for the group's new revision; it ends once both members acknowledged it.
        dev.tunnelgate.testing.Eventually.await(
                java.time.Duration.ofSeconds(20),
                "the approval's job to be done",
                () -> jdbc.queryForList(
                        "select status from gateway_job where group_id = ? and target_revision >= ?",
                        String.class,
                        group,
                        state.revision()),
                statuses -> statuses.contains("DONE"));

        fixture.revoke(device.id());
        var after = AgentWire.decodeState(
                http.state(member.token(), "since=" + state.revision()).body());
        var drift = new dev.tunnelgate.protocol.DriftEntry(dev.tunnelgate.protocol.DriftEntry.Kind.EXTRA, publicKey());
        var withDrift = AgentWire.encode(new StatusReport(
                "0.1.0",
                publicKey(),
                after.revision(),
                after.hash(),
                List.of(),
                List.of(drift),
                List.of("wg set failed once")));
        assertThat(http.status(member.token(), withDrift).statusCode()).isEqualTo(204);
        assertThat(fixture.delivery(device.id())).isEqualTo("revocation pending on gw-b (1/2)");

        var rows = fixture.asAdmin(() -> gateways.members(group));
        var a = rows.stream().filter(r -> r.name().equals("gw-a")).findFirst().orElseThrow();
        var b = rows.stream().filter(r -> r.name().equals("gw-b")).findFirst().orElseThrow();
        assertThat(a.lastDrift()).isEqualTo("extra " + drift.publicKey());
        assertThat(a.lastError()).isEqualTo("wg set failed once");
        assertThat(a.upToDate()).isTrue();
        assertThat(b.upToDate()).isFalse();
        // Each report above came with a fresh random key: members of one group that disagree are flagged.
        assertThat(rows).anyMatch(MemberRow::keyMismatch);
        assertThat(jdbc.queryForObject(
                        "select count(*) from audit_event where action = 'gateway.drift-repaired' and target = ?",
                        Integer.class,
                        "gateway-member:" + member.memberId()))
                .isEqualTo(1);
    }

    @Test
    void drift_keywords_are_recorded_in_english_under_a_turkish_default_locale() throws Exception {
        var state = snapshot(member.token());
        var missing =
                new dev.tunnelgate.protocol.DriftEntry(dev.tunnelgate.protocol.DriftEntry.Kind.MISSING, publicKey());
        var report = AgentWire.encode(new StatusReport(
                "0.1.0", publicKey(), state.revision(), state.hash(), List.of(), List.of(missing), List.of()));
        var defaultLocale = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR")); // "MISSING".toLowerCase() is "mıssıng" there
        try {
            assertThat(http.status(member.token(), report).statusCode()).isEqualTo(204);
        } finally {
            Locale.setDefault(defaultLocale);
        }
        assertThat(memberRow().get("last_drift")).isEqualTo("missing " + missing.publicKey());
    }

    private Map<String, Object> memberRow() {
        // A mutable map whose keys ignore case (H2 names columns in upper case).
        return jdbc.queryForMap(
                "select applied_revision, applied_hash, peer_count, last_error, last_drift,"
                        + " reported_public_key, version from gateway_member where id = ?",
                member.memberId());
    }

    private long lastAuditId() {
        return jdbc.queryForObject("select coalesce(max(id), 0) from audit_event", Long.class);
    }

    private int authFailures(String target, long afterId) {
        return jdbc.queryForObject(
                "select count(*) from audit_event where action = 'gateway.auth-failed' and target = ? and id > ?",
                Integer.class,
                target,
                afterId);
    }

    private java.util.List<String> authFailureReasons(long afterId) {
        return jdbc
                .queryForList(
                        "select details from audit_event where action = 'gateway.auth-failed' and id > ?",
                        String.class,
                        afterId)
                .stream()
                .map(d -> d.substring(0, d.indexOf(" from=")))
                .toList();
    }
}
