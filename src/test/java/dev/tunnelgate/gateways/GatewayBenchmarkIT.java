package dev.tunnelgate.gateways;

import static dev.tunnelgate.agent.WireGuardBenchmark.median;
import static dev.tunnelgate.agent.WireGuardBenchmark.millis;
import static dev.tunnelgate.agent.WireGuardBenchmark.raw;

import dev.tunnelgate.agent.AgentProcess;
import dev.tunnelgate.agent.InMemoryAgent;
import dev.tunnelgate.agent.PeerChange;
import dev.tunnelgate.agent.Reconciler;
import dev.tunnelgate.agent.TestKeys;
import dev.tunnelgate.agent.WireGuardBenchmark;
import dev.tunnelgate.agent.WireGuardNetns;
import dev.tunnelgate.devices.EnrollmentRequest;
import dev.tunnelgate.devices.KeyOrigin;
import dev.tunnelgate.devices.Platform;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.keys.WgKeyPair;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.protocol.AgentWire;
import dev.tunnelgate.protocol.PeerSpec;
import dev.tunnelgate.testing.TestNetworks;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Issue #4's benchmark: one gateway group with 10,000 active devices and two members, one `tunnelgate agent` on
 * real wireguard-go in a namespace and one agent loop on the in-memory interface in this JVM. Measures the time
 * from a revocation (or approval) committing to its acknowledgement by every member, then, on the same
 * wireguard-go interface, one change against one raw {@code wg set}, and a full reconcile of the 10k peers against
 * a raw {@code wg syncconf}. Never part of {@code verify}; run it with
 * {@code ./mvnw -B failsafe:integration-test@it-h2 -Dit.test=GatewayBenchmarkIT -Dtunnelgate.it.exclude=none}
 * (or {@code @it-postgres} with {@code TUNNELGATE_TEST_POSTGRES_URL} set). Prints its figures to stdout.
 */
@Tag("benchmark")
class GatewayBenchmarkIT extends GatewayIntegrationTest {
    private static final int DEVICES = Integer.getInteger("tunnelgate.benchmark.devices", 10_000);
    private static final int MEASURED = 100;
    private static final int PER_USER = 100;

    @Test
    void revocation_and_approval_to_acknowledgement_and_the_cost_on_wireguard_go() throws Exception {
        WireGuardNetns.requirePrerequisites();
        var spec = TestNetworks.network(
                "bench-" + fixture.suffix,
                "10.200.0.0/16",
                b -> b.ipv6Pool("fd00:200::/64")
                        .gatewayAddresses("10.200.0.1", "fd00:200::1")
                        .persistentKeepalive(0)
                        .split("10.200.0.0/16")
                        .approvalMode(ApprovalMode.GROUPS)
                        .autoApproveGroups(List.of("bench-auto"))
                        .devicesPerUser(PER_USER));
        long network = fixture.asAdmin(() -> networks.create(spec));
        long group = fixture.group("127.0.0.1:51820", 51820, network);
        var real = fixture.member(group, "gw-wireguard-go");
        var inMemory = fixture.member(group, "gw-in-memory");

        long seedStart = System.nanoTime();
        var seeded = new ArrayList<long[]>(); // {deviceId, ownerId}
        for (int i = 0; i < DEVICES; i++) {
            long owner =
                    i % PER_USER == 0 ? fixture.user("bench user " + fixture.suffix + " " + i) : seeded.getLast()[1];
            seeded.add(new long[] {enroll(owner, network, Set.of("bench-auto")), owner});
        }
        System.out.printf("seeded %d active devices in %.0f s%n", DEVICES, (System.nanoTime() - seedStart) / 1e9);

        Path work = Files.createTempDirectory(
                "tunnelgate-bench", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try (var gateway = WireGuardNetns.create();
                var reconcileLab = WireGuardNetns.create()) {
            int subnet = WireGuardNetns.freeSubnet();
            gateway.vethToHost(WireGuardNetns.address(subnet, 1) + "/30", WireGuardNetns.address(subnet, 2) + "/30");
            String portalFromGateway = "http://" + WireGuardNetns.address(subnet, 1) + ":" + port;
            try (var agent = AgentProcess.start(
                            gateway,
                            portalFromGateway,
                            real.token(),
                            gateway.exec("wg", "genkey").strip(),
                            work.resolve("agent"),
                            "60s",
                            "30s");
                    var second = InMemoryAgent.start(baseUrl(), inMemory.token(), work.resolve("in-memory"))) {
                long startRevision = revision(group);
                double snapshotSeconds = awaitAcknowledged(group, startRevision, 300_000) / 1000.0;
                System.out.printf(
                        "both members applied the %d-peer snapshot %.1f s after start%n", DEVICES, snapshotSeconds);

                var revoke = new double[MEASURED];
                for (int i = 0; i < MEASURED; i++) {
                    long[] device = seeded.get(i * (DEVICES / MEASURED));
                    long start = System.nanoTime();
                    as(device[1], Set.of(), () -> devices.revoke(device[0]));
                    revoke[i] = awaitAcknowledged(group, revision(group), 30_000, start);
                }
                long approver = fixture.user("bench approver " + fixture.suffix);
                long requester = fixture.user("bench requester " + fixture.suffix);
                var pending = new ArrayList<Long>();
                for (int i = 0; i < MEASURED; i++) {
                    if (i % PER_USER == 0 && i > 0) {
                        requester = fixture.user("bench requester " + fixture.suffix + " " + i);
                    }
                    pending.add(enroll(requester, network, Set.of()));
                }
                var approve = new double[MEASURED];
                for (int i = 0; i < MEASURED; i++) {
                    long id = pending.get(i);
                    long start = System.nanoTime();
                    as(approver, Set.of(), () -> devices.approve(id), Roles.USER, Roles.APPROVER);
                    approve[i] = awaitAcknowledged(group, revision(group), 30_000, start);
                }
                System.out.printf(
                        "revoke -> acknowledged by both members, %d revocations: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        MEASURED,
                        percentile(revoke, 50),
                        percentile(revoke, 99),
                        Arrays.stream(revoke).max().orElseThrow());
                System.out.printf(
                        "approve -> acknowledged by both members, %d approvals: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        MEASURED,
                        percentile(approve, 50),
                        percentile(approve, 99),
                        Arrays.stream(approve).max().orElseThrow());
                System.out.printf(
                        "in-memory member holds %d peers, wireguard-go member %d%n",
                        second.peerCount(), gateway.wireGuard().read().peers().size());

                singleChange(gateway);
            }
            reconcile(reconcileLab, group, real.token());
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /** One peer on the agent's 10k-peer interface: the agent's apply path against a raw `wg set`, alternating. */
    private static void singleChange(WireGuardNetns gateway) throws Exception {
        int runs = 30;
        var rawSet = new double[runs];
        var applyOne = new double[runs];
        var wg = gateway.wireGuard();
        var added = new ArrayList<PeerChange>();
        for (int run = 0; run < runs; run++) {
            String rawKey = TestKeys.publicKey();
            String ip = "10.201.%d.%d/32".formatted(run / 250, run % 250 + 1);
            rawSet[run] = millis(() ->
                    raw(gateway.prefix(), "wg", "set", gateway.interfaceName(), "peer", rawKey, "allowed-ips", ip));
            var spec = new PeerSpec(
                    TestKeys.publicKey(),
                    TestKeys.presharedKey(),
                    List.of("10.202.%d.%d/32".formatted(run / 250, run % 250 + 1)));
            applyOne[run] = millis(() -> wg.apply(List.of(new PeerChange.Upsert(spec))));
            added.add(new PeerChange.Remove(rawKey));
            added.add(new PeerChange.Remove(spec.publicKey()));
        }
        wg.apply(added);
        System.out.printf(
                "one change on the %d-peer wireguard-go interface, median of %d: raw `wg set` %.1f ms, the agent's apply (wg set, PSK on stdin) %.1f ms, ratio %.2f%n",
                wg.read().peers().size(), runs, median(rawSet), median(applyOne), median(applyOne) / median(rawSet));
    }

    /** The portal's own 10k-peer snapshot, applied from empty by the reconciler and by `wg syncconf`, on a second interface. */
    private void reconcile(WireGuardNetns lab, long group, String token) throws Exception {
        var response = new AgentHttp(baseUrl()).state(token, "snapshot=true");
        List<PeerSpec> peers = AgentWire.decodeState(response.body()).peers();
        lab.setUp(51821, "10.203.0.1/16");
        var wg = lab.wireGuard();
        Path config = WireGuardBenchmark.writeSyncconfFile(lab, peers);
        // Single runs vary by ±20 % here (2 cores shared with the portal and the database): more runs, and the
        // two take turns going first so neither always runs right after the interface was emptied.
        int runs = 9;
        var reconcile = new double[runs];
        var syncconf = new double[runs];
        for (int run = 0; run < runs; run++) {
            int current = run;
            WireGuardBenchmark.Action ours = () -> {
                WireGuardBenchmark.empty(wg);
                reconcile[current] = millis(() -> WireGuardBenchmark.check(
                        Reconciler.applySnapshot(wg, peers).size() == peers.size()));
            };
            WireGuardBenchmark.Action theirs = () -> {
                WireGuardBenchmark.empty(wg);
                syncconf[current] =
                        millis(() -> raw(lab.prefix(), "wg", "syncconf", lab.interfaceName(), config.toString()));
                WireGuardBenchmark.check(wg.read().peers().size() == peers.size());
            };
            if (run % 2 == 0) {
                ours.run();
                theirs.run();
            } else {
                theirs.run();
                ours.run();
            }
        }
        System.out.printf(
                "full reconcile of %d peers from empty, median of %d (alternating order): Reconciler.applySnapshot %.0f ms, raw `wg syncconf` %.0f ms, ratio %.2f; runs %s vs %s%n",
                peers.size(),
                runs,
                median(reconcile),
                median(syncconf),
                median(reconcile) / median(syncconf),
                Arrays.toString(reconcile),
                Arrays.toString(syncconf));
    }

    private long enroll(long owner, long network, Set<String> groups) {
        var key = WgKeyPair.generate(GatewayFixture.RANDOM).publicKey().toBase64();
        return as(
                owner,
                groups,
                () -> devices.enroll(new EnrollmentRequest(
                                "d-" + UUID.randomUUID().toString().substring(0, 12),
                                Platform.LINUX,
                                network,
                                KeyOrigin.USER,
                                key))
                        .device()
                        .id());
    }

    private long revision(long group) {
        return jdbc.queryForObject("select revision from gateway_group where id = ?", Long.class, group);
    }

    private double awaitAcknowledged(long group, long revision, long timeoutMillis) throws InterruptedException {
        return awaitAcknowledged(group, revision, timeoutMillis, System.nanoTime());
    }

    /** Milliseconds from {@code start} until every active member reported {@code revision}. */
    private double awaitAcknowledged(long group, long revision, long timeoutMillis, long start)
            throws InterruptedException {
        while (true) {
            Long lowest = jdbc.queryForObject(
                    "select min(applied_revision) from gateway_member where group_id = ? and revoked_at is null",
                    Long.class,
                    group);
            if (lowest != null && lowest >= revision) {
                return (System.nanoTime() - start) / 1e6;
            }
            if ((System.nanoTime() - start) / 1_000_000 > timeoutMillis) {
                throw new AssertionError(
                        "revision " + revision + " not acknowledged by every member within " + timeoutMillis + " ms");
            }
            Thread.sleep(1);
        }
    }

    private static double percentile(double[] values, int percentile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, rank)];
    }

    private interface Action<T> {
        T run();
    }

    private static <T> T as(long userId, Set<String> groups, Action<T> action, String... roles) {
        var context = SecurityContextHolder.getContext();
        context.setAuthentication(
                TestLogins.as(userId, "user " + userId, groups, roles.length == 0 ? new String[] {Roles.USER} : roles));
        try {
            return action.run();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private static void as(long userId, Set<String> groups, Runnable action, String... roles) {
        as(
                userId,
                groups,
                () -> {
                    action.run();
                    return null;
                },
                roles);
    }
}
