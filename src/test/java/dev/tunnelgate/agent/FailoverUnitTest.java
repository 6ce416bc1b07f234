package dev.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.protocol.EndpointRole;
import dev.tunnelgate.protocol.KnownEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options, notify, role resolution, pacing, endpoint choice and route planning of the VRRP member. */
class FailoverUnitTest {
    private static final List<String> REQUIRED =
            List.of("--portal", "https://vpn.example.com", "--token-file", "/t", "--interface", "wg0");

    @TempDir
    Path dir;

    private static InetAddress ip(String literal) {
        return dev.tunnelgate.ip.IpAddresses.tryParse(literal).toInetAddress();
    }

    private static AgentOptions parse(String... extra) throws AgentOptions.UsageException {
        var args = new ArrayList<>(REQUIRED);
        args.addAll(List.of(extra));
        return AgentOptions.parse(args);
    }

    @Test
    void vip_options_parse_with_defaults() throws Exception {
        var none = parse();
        assertThat(none.vip()).isNull();
        assertThat(none.vipTable()).isEqualTo(51820);
        assertThat(none.takeoverRate()).isEqualTo(5000);
        var v4 = parse("--vip", "192.0.2.10", "--vip-table", "100", "--takeover-rate", "20");
        assertThat(v4.vip()).isEqualTo(InetAddress.getByName("192.0.2.10"));
        assertThat(v4.vipTable()).isEqualTo(100);
        assertThat(v4.takeoverRate()).isEqualTo(20);
        assertThat(none.endpointsInterval()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(parse("--endpoints-interval", "1m").endpointsInterval()).isEqualTo(java.time.Duration.ofMinutes(1));
        assertThat(parse("--takeover-rate", "0").takeoverRate()).isZero();
        assertThat(parse("--vip=2001:db8::10").vip()).isEqualTo(InetAddress.getByName("2001:db8::10"));
    }

    @Test
    void hostile_vip_options_are_refused() {
        for (String vip : List.of(
                "vpn.example.com",
                "192.0.2.0/24",
                "0.0.0.0",
                "::",
                "127.0.0.1",
                "::1",
                "224.0.0.18",
                "fe80::1",
                "192.0.2.10; rm -rf /",
                "",
                "1.2.3.4.5",
                "x".repeat(100))) {
            assertThatThrownBy(() -> parse("--vip", vip)).as(vip).isInstanceOf(AgentOptions.UsageException.class);
        }
        for (String table : List.of("0", "253", "254", "255", "-1", "2147483648", "1e3", "")) {
            assertThatThrownBy(() -> parse("--vip-table", table))
                    .as(table)
                    .isInstanceOf(AgentOptions.UsageException.class);
        }
        for (String rate : List.of("-1", "1000001", "fast", "99999999999", "")) {
            assertThatThrownBy(() -> parse("--takeover-rate", rate))
                    .as(rate)
                    .isInstanceOf(AgentOptions.UsageException.class);
        }
        for (String interval : List.of("0s", "500ms", "25h", "5", "-5s", "5 s", "")) {
            assertThatThrownBy(() -> parse("--endpoints-interval", interval))
                    .as(interval)
                    .isInstanceOf(AgentOptions.UsageException.class);
        }
        assertThatThrownBy(() -> parse("--vip", "192.0.2.1", "--vip", "192.0.2.2"))
                .hasMessageContaining("twice");
    }

    private record Run(int code, String out, String err) {}

    private static Run agent(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = AgentMain.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void notify_writes_the_role_owner_only_and_refuses_hostile_input() throws Exception {
        var run = agent("notify", "master", "--state-dir", dir.toString());
        assertThat(run.code()).isZero();
        Path file = dir.resolve(RoleFile.FILE_NAME);
        assertThat(Files.readString(file)).isEqualTo("master\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(new RoleFile(dir).read().orElseThrow().state().role).isEqualTo(EndpointRole.HOLDER);
        assertThat(agent("notify", "fault", "--state-dir=" + dir).code()).isZero();
        assertThat(new RoleFile(dir).read().orElseThrow().state().role).isEqualTo(EndpointRole.STANDBY);

        for (String[] args : List.of(
                new String[] {"notify"},
                new String[] {"notify", "MASTER", "--state-dir", dir.toString()},
                new String[] {"notify", "stop", "--state-dir", dir.toString()},
                new String[] {"notify", "master", "--state-dir", dir.toString(), "extra"},
                new String[] {"notify", "master", "--state-dir"},
                new String[] {
                    "notify", "master", "--state-dir", dir.resolve("missing").toString()
                },
                new String[] {"notify", "master", "--state-dir", file.toString()},
                new String[] {"notify", "master", "--state-dir", ""},
                new String[] {"notify", "master", "--portal", "https://x"})) {
            assertThat(agent(args).code()).as(String.join(" ", args)).isEqualTo(AgentMain.USAGE_ERROR);
        }
        assertThat(new RoleFile(dir).read().orElseThrow().state()).isEqualTo(RoleFile.Notified.FAULT);
    }

    @Test
    void a_notify_file_with_other_content_is_an_error_not_a_role() throws Exception {
        Files.writeString(dir.resolve(RoleFile.FILE_NAME), "master\nbackup\n");
        assertThatThrownBy(() -> new RoleFile(dir).read()).hasMessageContaining("neither");
        var watcher = new RoleWatcher(new RoleFile(dir), null, () -> Instant.EPOCH);
        assertThat(watcher.check()).isEmpty();
        assertThat(watcher.current()).isNull();
    }

    @Test
    void the_newer_signal_decides_the_role() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        var master = new RoleFile.Notice(RoleFile.Notified.MASTER, t0);
        var backupLater = new RoleFile.Notice(RoleFile.Notified.BACKUP, t0.plusSeconds(5));
        var notLocalSince1 = new RoleWatcher.Observation(false, t0.plusSeconds(1));
        var localSince1 = new RoleWatcher.Observation(true, t0.plusSeconds(1));

        assertThat(RoleWatcher.resolve(null, null)).isNull();
        assertThat(RoleWatcher.resolve(master, null)).isEqualTo(EndpointRole.HOLDER);
        assertThat(RoleWatcher.resolve(null, localSince1)).isEqualTo(EndpointRole.HOLDER);
        // A notify from before the address last changed (the agent's start, a failover) is stale.
        assertThat(RoleWatcher.resolve(master, notLocalSince1)).isEqualTo(EndpointRole.STANDBY);
        assertThat(RoleWatcher.resolve(backupLater, localSince1)).isEqualTo(EndpointRole.STANDBY);
        assertThat(RoleWatcher.resolve(new RoleFile.Notice(RoleFile.Notified.FAULT, t0), null))
                .isEqualTo(EndpointRole.STANDBY);
    }

    @Test
    void the_watcher_follows_the_notify_file() throws Exception {
        var watcher = new RoleWatcher(new RoleFile(dir), null, Instant::now);
        assertThat(watcher.check()).isEmpty();
        new RoleFile(dir).write(RoleFile.Notified.MASTER);
        assertThat(watcher.check()).contains(EndpointRole.HOLDER);
        assertThat(watcher.check()).isEmpty();
        new RoleFile(dir).write(RoleFile.Notified.BACKUP);
        Files.setLastModifiedTime(
                dir.resolve(RoleFile.FILE_NAME),
                java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(1)));
        assertThat(watcher.check()).contains(EndpointRole.STANDBY);
    }

    @Test
    void vip_probe_reads_ip_output() {
        assertThat(VipProbe.command(ip("192.0.2.10")))
                .containsExactly("ip", "-o", "-4", "address", "show", "to", "192.0.2.10");
        assertThat(VipProbe.command(ip("2001:db8::10"))).contains("-6");
        assertThat(VipProbe.holds("")).isFalse();
        assertThat(VipProbe.holds("3: eth0    inet 192.0.2.10/24 scope global secondary eth0\\ valid_lft forever"))
                .isTrue();
        assertThat(VipProbe.holds("3: eth0    inet6 2001:db8::10/64 scope global tentative \\ valid_lft forever"))
                .isFalse();
    }

    @Test
    void the_pacer_spreads_work_at_the_rate_with_a_fake_clock() throws Exception {
        long[] now = {1_000};
        var sleeps = new ArrayList<Long>();
        var pacer = new Pacer(5000, () -> now[0], nanos -> {
            sleeps.add(nanos);
            now[0] += nanos;
        });
        assertThat(pacer.batch()).isEqualTo(256);
        pacer.await(500); // due at 100 ms
        assertThat(sleeps).containsExactly(100_000_000L);
        now[0] += 300_000_000L; // the work itself took long: no wait for the next step
        pacer.await(1000); // due at 200 ms, it is 400 ms
        assertThat(sleeps).hasSize(1);
        pacer.await(10_000); // due at 2 s
        assertThat(sleeps.getLast()).isEqualTo(1_600_000_000L);
        assertThat(new Pacer(5, () -> 0, n -> {}).batch()).isEqualTo(1);
        assertThatThrownBy(() -> new Pacer(0, () -> 0, n -> {})).isInstanceOf(IllegalArgumentException.class);
    }

    private static PeerState peer(String key, String endpoint, Instant handshake, String... allowed) {
        return new PeerState(key, null, List.of(allowed), endpoint, handshake, 0, 0);
    }

    @Test
    void the_freshest_endpoint_wins_and_peers_without_any_are_skipped() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        String a = TestKeys.publicKey();
        String b = TestKeys.publicKey();
        String c = TestKeys.publicKey();
        String d = TestKeys.publicKey();
        var current = new InterfaceState(
                TestKeys.publicKey(),
                51820,
                Map.of(
                        a, peer(a, "198.51.100.1:1000", t0.plusSeconds(10), "10.0.0.2/32"),
                        b, peer(b, "198.51.100.2:2000", t0, "10.0.0.0/24", "fd00::3/128"),
                        c, peer(c, null, null, "10.0.0.4/32"),
                        d, peer(d, null, null, "10.0.0.5/32")));
        var known = Map.of(
                a, new KnownEndpoint(a, "203.0.113.1:1111", t0.plusSeconds(5)),
                b, new KnownEndpoint(b, "203.0.113.2:2222", t0.plusSeconds(20)),
                c, new KnownEndpoint(c, "[2001:db8::3]:3333", t0.plusSeconds(1)));

        var plan = Takeover.plan(current, known);

        assertThat(plan)
                .extracting(Takeover.Target::publicKey, Takeover.Target::endpoint)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(b, "203.0.113.2:2222"),
                        org.assertj.core.groups.Tuple.tuple(a, "198.51.100.1:1000"),
                        org.assertj.core.groups.Tuple.tuple(c, "[2001:db8::3]:3333"));
        assertThat(plan.get(0).tunnelAddress()).isEqualTo(ip("fd00::3"));
        assertThat(plan.get(1).tunnelAddress()).isEqualTo(ip("10.0.0.2"));
    }

    @Test
    void a_takeover_sets_only_desired_peers_nudges_them_and_stops_when_the_vip_goes() throws Exception {
        String a = TestKeys.publicKey();
        String gone = TestKeys.publicKey();
        var wg = new InMemoryWireGuardInterface(TestKeys.publicKey(), 51820);
        wg.putDirectly(peer(a, "198.51.100.1:1000", Instant.now(), "10.0.0.2/32"));
        wg.putDirectly(peer(gone, "198.51.100.9:9000", Instant.now(), "10.0.0.9/32"));
        var cache = new EndpointCache(dir);
        var nudged = new ArrayList<InetAddress>();
        var nudger = new Takeover.Nudger() {
            @Override
            public void nudge(InetAddress address) {
                nudged.add(address);
            }

            @Override
            public void close() {}
        };
        // The keeper's filter: `gone` was removed by a delta meanwhile, wg set must not bring it back.
        Takeover.Endpoints desiredOnly = endpoints -> {
            var kept = new java.util.LinkedHashMap<>(endpoints);
            kept.remove(gone);
            wg.setEndpoints(kept);
            return kept.keySet();
        };
        var takeover = new Takeover(wg, desiredOnly, cache, 1000, System::nanoTime, n -> {});
        var result = takeover.run(nudger, () -> true);
        assertThat(result.withEndpoint()).isEqualTo(2);
        assertThat(result.nudged()).isEqualTo(1);
        assertThat(nudged).containsExactly(ip("10.0.0.2"));
        assertThat(wg.endpointSets()).containsExactly(Map.of(a, "198.51.100.1:1000"));

        var stopped = takeover.run(nudger, () -> false);
        assertThat(stopped.completed()).isFalse();
        assertThat(stopped.nudged()).isZero();
    }

    @Test
    void a_takeover_at_rate_zero_sets_nothing_and_starts_no_handshake() throws Exception {
        var wg = new InMemoryWireGuardInterface(TestKeys.publicKey(), 51820);
        wg.putDirectly(peer(TestKeys.publicKey(), "198.51.100.1:1000", Instant.now(), "10.0.0.2/32"));
        var nudged = new ArrayList<InetAddress>();
        var nudger = new Takeover.Nudger() {
            @Override
            public void nudge(InetAddress address) {
                nudged.add(address);
            }

            @Override
            public void close() {}
        };
        var takeover = new Takeover(
                wg,
                endpoints -> {
                    wg.setEndpoints(endpoints);
                    return endpoints.keySet();
                },
                new EndpointCache(dir),
                0,
                System::nanoTime,
                n -> {
                    throw new AssertionError("no pacing at rate 0");
                });
        var result = takeover.run(nudger, () -> true);
        assertThat(result.peers()).isEqualTo(1);
        assertThat(result.nudged()).isZero();
        assertThat(nudged).isEmpty();
        assertThat(wg.endpointSets()).isEmpty();
    }

    @Test
    void a_standby_forgets_its_sessions_by_removing_and_adding_back_every_desired_peer() throws Exception {
        var a = new dev.tunnelgate.protocol.PeerSpec(TestKeys.publicKey(), null, List.of("10.10.0.2/32"));
        var b = new dev.tunnelgate.protocol.PeerSpec(TestKeys.publicKey(), null, List.of("10.10.0.3/32"));
        var state = dev.tunnelgate.protocol.GatewayState.snapshot(
                7, new dev.tunnelgate.protocol.InterfaceConfig(51820, List.of("10.10.0.1/16")), List.of(a, b));
        new StateStore(dir).save(state);
        var wg = new InMemoryWireGuardInterface(TestKeys.publicKey(), 51820);
        var keeper = new InterfaceKeeper(
                wg,
                new InMemoryFirewall(),
                config -> {},
                new StateStore(dir),
                new StatusReporter(
                        new PortalClient(
                                java.net.http.HttpClient.newHttpClient(),
                                java.net.URI.create("http://127.0.0.1:9"),
                                "gw1.token",
                                "test"),
                        "test"));
        keeper.restore();
        wg.setEndpoints(Map.of(a.publicKey(), "198.51.100.1:1000"));
        var before = wg.read();
        int batches = wg.appliedBatches().size();

        keeper.forgetSessions();

        var applied = wg.appliedBatches().subList(batches, wg.appliedBatches().size());
        // Two applies: one with both the removal and the upsert would collapse into the upsert, and keep the session.
        assertThat(applied).hasSize(2);
        assertThat(applied.get(0))
                .containsExactlyInAnyOrder(new PeerChange.Remove(a.publicKey()), new PeerChange.Remove(b.publicKey()));
        assertThat(applied.get(1)).containsExactlyInAnyOrder(new PeerChange.Upsert(a), new PeerChange.Upsert(b));
        assertThat(wg.read().peers().keySet()).isEqualTo(before.peers().keySet());
        assertThat(wg.read().peers().get(a.publicKey()).endpoint()).isEqualTo("198.51.100.1:1000");
        assertThat(wg.read().peers().get(a.publicKey()).allowedIps()).containsExactly("10.10.0.2/32");
        assertThat(keeper.desiredRevision()).isEqualTo(7);
    }

    @Test
    void the_standby_blackhole_rule_is_planned_per_family_and_recognised() {
        assertThat(StandbyBlock.command("-4", "add", 51820))
                .containsExactly(
                        "ip", "-4", "rule", "add", "pref", "5181", "ipproto", "udp", "sport", "51820", "blackhole");
        assertThat(StandbyBlock.command("-6", "del", 4500)).contains("-6", "del", "4500", "blackhole");
        assertThat(StandbyBlock.RULE_PREFERENCE).isLessThan(SourceRoute.RULE_PREFERENCE);
        assertThat(StandbyBlock.ruleMatches("5181:\tfrom all ipproto udp sport 51820 blackhole\n", 51820))
                .isTrue();
        assertThat(StandbyBlock.ruleMatches("5181:\tfrom all ipproto udp sport 51821 blackhole", 51820))
                .isFalse();
        assertThat(StandbyBlock.ruleMatches("", 51820)).isFalse();
        assertThat(StandbyBlock.ruleMatches(
                        "5181:\tfrom all ipproto udp sport 51820 blackhole\n5181:\tfrom all ipproto udp sport 51820 blackhole",
                        51820))
                .isFalse();
        assertThat(StandbyBlock.ruleMatches("5181:\tfrom all ipproto udp sport 51820 lookup 51820", 51820))
                .isFalse();
    }

    @Test
    void endpoint_commands_are_chunked_and_refuse_names() {
        var endpoints = new java.util.LinkedHashMap<String, String>();
        for (int i = 0; i < 600; i++) {
            endpoints.put(TestKeys.publicKey(), "198.51.100." + (i % 250) + ":" + (1000 + i));
        }
        var commands = WgCommandInterface.endpointCommands("wg0", endpoints);
        assertThat(commands).hasSize(3);
        assertThat(commands.getFirst()).startsWith("wg", "set", "wg0", "peer");
        assertThat(commands.stream()
                        .mapToLong(c -> c.stream().filter("endpoint"::equals).count())
                        .sum())
                .isEqualTo(600);
        assertThatThrownBy(() -> WgCommandInterface.endpointCommands(
                        "wg0", Map.of(TestKeys.publicKey(), "evil.example.com:51820")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_endpoint_cache_survives_a_restart_and_keeps_the_freshest_per_peer() throws Exception {
        String a = TestKeys.publicKey();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        var cache = new EndpointCache(dir);
        cache.update(List.of(
                new KnownEndpoint(a, "198.51.100.1:1", t0), new KnownEndpoint(a, "198.51.100.2:2", t0.plusSeconds(1))));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(EndpointCache.FILE_NAME))))
                .isEqualTo("rw-------");
        var restarted = new EndpointCache(dir);
        restarted.load();
        assertThat(restarted.byKey().get(a).endpoint()).isEqualTo("198.51.100.2:2");
        Files.writeString(dir.resolve(EndpointCache.FILE_NAME), "garbage");
        var broken = new EndpointCache(dir);
        broken.load();
        assertThat(broken.byKey()).isEmpty();
    }

    @Test
    void source_route_planning_copies_main_routes_with_the_vip_and_throws_the_rest() {
        String main = """
                default via 192.0.2.1 dev eth0 proto dhcp src 192.0.2.5 metric 100
                192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.5 linkdown
                unreachable 10.9.0.0/16
                10.8.0.0/16 via 192.0.2.7 dev eth0 mtu lock 1400
                default proto static metric 50 \tnexthop via 192.0.2.1 dev eth0 weight 1 \tnexthop via 192.0.2.2 dev eth0 weight 1
                """;
        var plan = SourceRoute.plan(main, ip("192.0.2.100"), 51820);
        assertThat(plan).hasSize(5);
        assertThat(plan.get(0).command())
                .containsExactly(
                        "ip",
                        "-4",
                        "route",
                        "replace",
                        "default",
                        "src",
                        "192.0.2.100",
                        "table",
                        "51820",
                        "via",
                        "192.0.2.1",
                        "dev",
                        "eth0",
                        "proto",
                        "dhcp",
                        "metric",
                        "100");
        assertThat(plan.get(1).command())
                .doesNotContain("linkdown", "192.0.2.5")
                .contains("scope", "link");
        assertThat(plan.get(2)).isEqualTo(new SourceRoute.Copy("10.9.0.0/16", List.of()));
        assertThat(plan.get(3)).isEqualTo(new SourceRoute.Copy("10.8.0.0/16", List.of()));
        assertThat(plan.get(4).command()).endsWith("nexthop", "via", "192.0.2.2", "dev", "eth0", "weight", "1");
        assertThat(SourceRoute.throwCommand("-4", "10.9.0.0/16", 51820))
                .containsExactly("ip", "-4", "route", "replace", "throw", "10.9.0.0/16", "table", "51820");
        assertThat(SourceRoute.ruleCommand("-6", "add", 51820, 7))
                .containsExactly(
                        "ip", "-6", "rule", "add", "pref", "5182", "ipproto", "udp", "sport", "51820", "lookup", "7");
        assertThat(SourceRoute.ruleMatches("5182:\tfrom all ipproto udp sport 51820 lookup 51820\n", 51820, 51820))
                .isTrue();
        assertThat(SourceRoute.ruleMatches("5182:\tfrom all ipproto udp sport 51821 lookup 51820\n", 51820, 51820))
                .isFalse();
        var v6 = SourceRoute.plan(
                "fd09::/64 dev eth0 proto kernel metric 256 expires 3500sec pref medium\n", ip("fd09::100"), 9);
        assertThat(v6.getFirst().command())
                .containsExactly(
                        "ip",
                        "-6",
                        "route",
                        "replace",
                        "fd09::/64",
                        "src",
                        "fd09::100",
                        "table",
                        "9",
                        "dev",
                        "eth0",
                        "proto",
                        "kernel",
                        "metric",
                        "256",
                        "pref",
                        "medium");
    }
}
