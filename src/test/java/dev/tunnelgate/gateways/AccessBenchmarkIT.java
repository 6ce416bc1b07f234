package dev.tunnelgate.gateways;

import static dev.tunnelgate.agent.WireGuardBenchmark.median;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.agent.AgentProcess;
import dev.tunnelgate.agent.InMemoryAgent;
import dev.tunnelgate.agent.WireGuardNetns;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.NetworkSpec;
import dev.tunnelgate.networks.TunnelMode;
import dev.tunnelgate.policy.AccessGrants;
import dev.tunnelgate.policy.DestinationService;
import dev.tunnelgate.policy.DestinationSpec;
import dev.tunnelgate.policy.PolicyService;
import dev.tunnelgate.policy.PolicySpec;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.protocol.Grant;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue #9's benchmark of a policy edit: 10,000 active devices of 100 users in 50 IdP groups, 200 policies, one
 * gateway group with two members ({@code tunnelgate agent} on real wireguard-go and nftables in a namespace, and an
 * agent loop on the in-memory interface in this JVM). One policy is edited back and forth, adding and removing five
 * groups whose users own 1,000 devices, so every edit changes 1,000 grants; the clock runs from the service call to
 * the moment both members reported the edit's revision. Afterwards the real gateway's nft maps must hold exactly the
 * element of every device's address pointing at its grant's chain. Never part of {@code verify}; run it with
 * {@code ./mvnw -B failsafe:integration-test@it-h2 -Dit.test=AccessBenchmarkIT -Dtunnelgate.it.exclude=none} (or
 * {@code @it-postgres} with {@code TUNNELGATE_TEST_POSTGRES_URL} set), after {@code ./mvnw -B -q package -DskipTests}.
 * Prints its figures to stdout.
 */
@Tag("benchmark")
class AccessBenchmarkIT extends GatewayIntegrationTest {
    private static final int DEVICES = Integer.getInteger("tunnelgate.benchmark.devices", 10_000);
    private static final int PER_USER = 100;
    private static final int GROUPS = 50;
    private static final int POLICIES = 200;
    /** Groups the edited policy gains and loses: with two users of 100 devices per group, 1,000 devices. */
    private static final int TOGGLED = 5;

    private static final int WARM_UP = 6;
    private static final int MEASURED = 40;
    private static final Pattern ELEMENT =
            Pattern.compile("\\[\"([0-9a-fA-F:.]+)\", \\{\"jump\": \\{\"target\": \"([A-Za-z0-9_]+)\"\\}\\}\\]");

    @Autowired
    DestinationService destinations;

    @Autowired
    PolicyService policies;

    @Autowired
    AccessGrants grants;

    @Test
    void a_policy_edit_for_1000_devices_to_acknowledgement_by_every_member() throws Exception {
        WireGuardNetns.requirePrerequisites();
        var spec = new NetworkSpec(
                "accessbench-" + fixture.suffix,
                "10.210.0.0/16",
                "fd00:210::/64",
                List.of("10.210.0.1", "fd00:210::1"),
                List.of(),
                1420,
                0,
                "127.0.0.1:51820",
                TunnelMode.SPLIT,
                List.of("10.210.0.0/16"),
                ApprovalMode.AUTOMATIC,
                List.of(),
                PER_USER,
                null);
        long network = fixture.asAdmin(() -> networks.create(spec));
        long group = fixture.group("127.0.0.1:51820", 51820, network);
        var real = fixture.member(group, "gw-wireguard-go");
        var inMemory = fixture.member(group, "gw-in-memory");

        // Users and their IdP groups first (as sign-ins would have stored them), then destinations and policies
        // while the network has no devices yet (cheap), then the devices through the service.
        long seedStart = System.nanoTime();
        int userCount = DEVICES / PER_USER;
        var users = new ArrayList<Long>();
        for (int u = 0; u < userCount; u++) {
            long user = fixture.user("accessbench user " + fixture.suffix + " " + u);
            users.add(user);
            jdbc.update("insert into app_user_group (user_id, group_name) values (?, ?)", user, groupName(u % GROUPS));
        }
        var destinationIds = new ArrayList<Long>();
        for (int i = 0; i < POLICIES; i++) {
            destinationIds.add(fixture.asAdmin(() -> destinations.create(destination(destinationIds.size()))));
        }
        long edited = fixture.asAdmin(() -> destinations.create(new DestinationSpec(
                "accessbench-edited-" + fixture.suffix,
                List.of("172.31.0.0/16", "fd31::/48"),
                AccessProtocol.TCP,
                List.of("8443"))));
        for (int i = 0; i < POLICIES - 1; i++) {
            // Two groups each, and the first 100 name one user too: every user ends up with a grant of its own.
            var named = i < userCount ? Set.of(users.get(i)) : Set.<Long>of();
            var policy = new PolicySpec(
                    "accessbench-" + fixture.suffix + "-" + i,
                    true,
                    Set.of(network),
                    Set.of(destinationIds.get(i)),
                    List.of(groupName(i % GROUPS), groupName((i * 7 + 3) % GROUPS)),
                    named);
            fixture.asAdmin(() -> policies.create(policy));
        }
        var narrow = new PolicySpec(
                "accessbench-" + fixture.suffix + "-edited",
                true,
                Set.of(network),
                Set.of(edited, destinationIds.get(POLICIES - 1)),
                List.of(groupName(GROUPS - 1)),
                Set.of());
        var toggledGroups = new ArrayList<>(narrow.groups());
        for (int g = 0; g < TOGGLED; g++) {
            toggledGroups.add(groupName(g));
        }
        var wide = new PolicySpec(
                narrow.name(), true, narrow.networkIds(), narrow.destinationIds(), toggledGroups, narrow.userIds());
        long policy = fixture.asAdmin(() -> policies.create(narrow));
        System.out.printf(
                "seeded %d users in %d groups, %d destinations, %d policies in %.1f s%n",
                userCount, GROUPS, POLICIES + 1, POLICIES, (System.nanoTime() - seedStart) / 1e9);

        long deviceStart = System.nanoTime();
        for (int i = 0; i < DEVICES; i++) {
            enroll(users.get(i / PER_USER), network);
        }
        System.out.printf("seeded %d active devices in %.0f s%n", DEVICES, (System.nanoTime() - deviceStart) / 1e9);
        var distinct = new HashSet<String>();
        grants.activeDevices(List.of(network)).values().forEach(g -> distinct.add(g.key()));
        System.out.printf("%d distinct grants (nft chains) among %d devices%n", distinct.size(), DEVICES);

        Path work = Files.createTempDirectory(
                "tunnelgate-accessbench",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try (var gateway = WireGuardNetns.create("acb")) {
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
                var ack = new Acknowledgements(group, real.memberId(), inMemory.memberId());
                double snapshot =
                        ack.await(revision(group), 300_000, System.nanoTime()).both();
                System.out.printf(
                        "both members applied the %d-peer snapshot %.1f s after start%n", DEVICES, snapshot / 1000);
                assertTable(gateway, network);

                // What the edit's transaction computes twice (before and after): every active device's grant.
                var evaluation = new double[10];
                for (int i = 0; i < evaluation.length; i++) {
                    long start = System.nanoTime();
                    assertThat(grants.activeDevices(List.of(network))).isNotEmpty();
                    evaluation[i] = (System.nanoTime() - start) / 1e6;
                }

                int runs = WARM_UP + MEASURED;
                var transaction = new double[MEASURED];
                var editToAck = new double[MEASURED];
                var commitToAck = new double[MEASURED];
                var commitToInMemory = new double[MEASURED];
                var commitToReal = new double[MEASURED];
                for (int run = 0; run < runs; run++) {
                    var next = run % 2 == 0 ? wide : narrow;
                    Map<Long, Grant> before = run == 0 ? grants.activeDevices(List.of(network)) : Map.of();
                    long revisionBefore = revision(group);
                    long start = System.nanoTime();
                    fixture.asAdmin(() -> {
                        policies.update(policy, next);
                        return null;
                    });
                    long committed = System.nanoTime();
                    long revision = revision(group);
                    assertThat(revision).as("one revision per edit").isEqualTo(revisionBefore + 1);
                    var times = ack.await(revision, 30_000, committed);
                    if (run == 0) {
                        assertThat(changed(before, grants.activeDevices(List.of(network))))
                                .as("devices whose grant one edit changes")
                                .isEqualTo(TOGGLED * 2 * PER_USER);
                    }
                    if (run >= WARM_UP) {
                        int i = run - WARM_UP;
                        transaction[i] = (committed - start) / 1e6;
                        commitToAck[i] = times.both();
                        editToAck[i] = transaction[i] + times.both();
                        commitToInMemory[i] = times.inMemory();
                        commitToReal[i] = times.real();
                    }
                }
                assertTable(gateway, network);
                System.out.printf(
                        "grant evaluation of all %d devices (AccessGrants.activeDevices), median of %d: %.1f ms%n",
                        DEVICES, evaluation.length, median(evaluation));
                print("policy edit (1,000 grants) -> acknowledged by both members", editToAck);
                print("  the edit's transaction (PolicyService.update, call to return)", transaction);
                print("  its commit -> acknowledged by both members", commitToAck);
                print("  its commit -> reported by the in-memory member", commitToInMemory);
                print("  its commit -> reported by the wireguard-go + nft member", commitToReal);
                System.out.printf(
                        "in-memory member holds %d peers, wireguard-go member %d%n",
                        second.peerCount(), gateway.wireGuard().read().peers().size());
                if (agent.log().contains("WARNING")) {
                    System.out.println("agent log:\n" + agent.log());
                }
            }
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private String groupName(int index) {
        return "acb-" + fixture.suffix + "-g" + index;
    }

    /** Like issue #9's shape: TCP 443 and a port of its own to a /24 and a /64, UDP 53 to a host, ICMP to a /16. */
    private DestinationSpec destination(int i) {
        String name = "accessbench-" + fixture.suffix + "-d" + i;
        return switch (i % 3) {
            case 0 ->
                new DestinationSpec(
                        name,
                        List.of("172.16.%d.0/24".formatted(i), "fd16:0:%x::/64".formatted(i)),
                        AccessProtocol.TCP,
                        List.of("443", Integer.toString(2000 + i)));
            case 1 ->
                new DestinationSpec(name, List.of("172.17.%d.53/32".formatted(i)), AccessProtocol.UDP, List.of("53"));
            default ->
                new DestinationSpec(
                        name, List.of("172.%d.0.0/16".formatted(18 + i % 10)), AccessProtocol.ICMP, List.of());
        };
    }

    private static int changed(Map<Long, Grant> before, Map<Long, Grant> after) {
        var ids = new HashSet<>(before.keySet());
        ids.addAll(after.keySet());
        int changed = 0;
        for (long id : ids) {
            var a = before.get(id);
            var b = after.get(id);
            if (!Objects.equals(a == null ? null : a.key(), b == null ? null : b.key())) {
                changed++;
            }
        }
        return changed;
    }

    /**
     * The real gateway's table holds, in its two maps, exactly one element per tunnel address of every active device
     * with a grant, jumping to that grant's chain, and a chain for every grant.
     */
    private void assertTable(WireGuardNetns gateway, long network) throws IOException {
        var expected = new TreeMap<String, String>();
        var addresses = new HashMap<Long, List<String>>();
        jdbc.query(
                "select id, ipv4_address, ipv6_address from device where network_id = ? and status = 'ACTIVE'",
                rs -> {
                    var list = new ArrayList<String>();
                    list.add(rs.getString(2));
                    if (rs.getString(3) != null) {
                        list.add(rs.getString(3));
                    }
                    addresses.put(rs.getLong(1), list);
                },
                network);
        grants.activeDevices(List.of(network)).forEach((id, grant) -> {
            for (String address : addresses.get(id)) {
                expected.put(canonical(address), "g_" + grant.key());
            }
        });
        String table = "tunnelgate_" + gateway.interfaceName();
        var actual = new TreeMap<String, String>();
        for (String map : List.of("peers_v4", "peers_v6")) {
            var matcher = ELEMENT.matcher(gateway.exec("nft", "-j", "list", "map", "inet", table, map));
            while (matcher.find()) {
                assertThat(actual.put(canonical(matcher.group(1)), matcher.group(2)))
                        .isNull();
            }
        }
        var chains = new TreeSet<String>();
        var chain = Pattern.compile("\\{\"chain\": \\{\"family\": \"inet\", \"table\": \"" + table
                        + "\", \"name\": \"(g_[0-9a-f]+)\"")
                .matcher(gateway.exec("nft", "-j", "list", "chains"));
        while (chain.find()) {
            chains.add(chain.group(1));
        }
        assertThat(actual).hasSize(expected.size());
        assertThat(actual).isEqualTo(expected);
        assertThat(chains).isEqualTo(new TreeSet<>(expected.values()));
        var perChain = new TreeMap<String, Integer>();
        actual.values().forEach(c -> perChain.merge(c, 1, Integer::sum));
        System.out.printf(
                "nft table checked: %d map elements to %d grant chains (%d to %d elements per chain), as the portal grants%n",
                actual.size(),
                chains.size(),
                perChain.values().stream().mapToInt(Integer::intValue).min().orElse(0),
                perChain.values().stream().mapToInt(Integer::intValue).max().orElse(0));
    }

    private static String canonical(String address) {
        try {
            return InetAddress.getByName(address).getHostAddress();
        } catch (IOException e) {
            throw new AssertionError(address, e);
        }
    }

    private void enroll(long owner, long network) {
        fixture.enroll(owner, network);
    }

    private long revision(long group) {
        return jdbc.queryForObject("select revision from gateway_group where id = ?", Long.class, group);
    }

    private record Times(double real, double inMemory) {
        double both() {
            return Math.max(real, inMemory);
        }
    }

    /** Polls (every millisecond) when each of the two members reported a revision. */
    private final class Acknowledgements {
        private final long group;
        private final long realMember;
        private final long inMemoryMember;

        Acknowledgements(long group, long realMember, long inMemoryMember) {
            this.group = group;
            this.realMember = realMember;
            this.inMemoryMember = inMemoryMember;
        }

        /** Milliseconds from {@code start} until each member reported {@code revision}. */
        Times await(long revision, long timeoutMillis, long start) throws InterruptedException {
            double real = -1;
            double inMemory = -1;
            while (real < 0 || inMemory < 0) {
                var applied = new HashMap<Long, Long>();
                jdbc.query(
                        "select id, applied_revision from gateway_member where group_id = ? and revoked_at is null",
                        rs -> {
                            applied.put(rs.getLong(1), rs.getObject(2) == null ? -1 : rs.getLong(2));
                        },
                        group);
                double now = (System.nanoTime() - start) / 1e6;
                if (real < 0 && applied.getOrDefault(realMember, -1L) >= revision) {
                    real = now;
                }
                if (inMemory < 0 && applied.getOrDefault(inMemoryMember, -1L) >= revision) {
                    inMemory = now;
                }
                if (now > timeoutMillis) {
                    throw new AssertionError("revision " + revision + " not acknowledged by every member within "
                            + timeoutMillis + " ms: " + applied);
                }
                if (real < 0 || inMemory < 0) {
                    Thread.sleep(1);
                }
            }
            return new Times(real, inMemory);
        }
    }

    private static void print(String what, double[] values) {
        System.out.printf(
                "%s, %d edits: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                what,
                values.length,
                percentile(values, 50),
                percentile(values, 90),
                percentile(values, 99),
                Arrays.stream(values).max().orElseThrow());
    }

    private static double percentile(double[] values, int percentile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, rank)];
    }
}
