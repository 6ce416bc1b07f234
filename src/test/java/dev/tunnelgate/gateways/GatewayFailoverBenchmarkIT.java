package dev.tunnelgate.gateways;

import dev.tunnelgate.agent.AgentProcess;
import dev.tunnelgate.agent.WireGuardNetns;
import dev.tunnelgate.devices.EnrollmentRequest;
import dev.tunnelgate.devices.KeyOrigin;
import dev.tunnelgate.devices.Platform;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.keys.WgKeyPair;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.testing.TestNetworks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Issue #13's failover benchmark on the {@link VrrpPairTest} pair: the holder's link to the segment goes down, the
 * outage (longest gap between replies to a ping every 100 ms) is measured, the link comes back (nopreempt: the
 * address stays), and the next round fails the other member. With the takeover (agents with {@code --vip} and
 * keepalived's notify) and without ({@code --takeover-rate 0}: replies still from the VIP, no takeover handshakes); then with 1,000 peers on the
 * pair, how long the takeover takes (the agent's "took over" line). Never part of {@code verify}; run with
 * <pre>
 * TUNNELGATE_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:5432/DB TUNNELGATE_TEST_POSTGRES_USER=postgres \
 *   ./mvnw -o test-compile failsafe:integration-test@it-postgres \
 *   -Dtunnelgate.it.exclude=none -Dit.test=GatewayFailoverBenchmarkIT
 * </pre>
 * ({@code -Dtunnelgate.benchmark.failovers=N}, default 20). Prints its figures to stdout.
 */
@Tag("benchmark")
@Tag("gateway-e2e")
class GatewayFailoverBenchmarkIT extends VrrpPairTest {
    private static final int FAILOVERS = Integer.getInteger("tunnelgate.benchmark.failovers", 20);
    private static final int PEERS = Integer.getInteger("tunnelgate.benchmark.failover-peers", 1_000);
    private static final int PEER_ROUNDS = 5;
    private static final Pattern TOOK_OVER = Pattern.compile(
            "took over: (\\d+) peer\\(s\\), (\\d+) with an endpoint, (\\d+) handshake\\(s\\) started, took (\\d+) ms");

    private boolean bulk;
    private double lastFailure;

    @Override
    protected long createNetwork() {
        if (!bulk) {
            return super.createNetwork();
        }
        int n = ThreadLocalRandom.current().nextInt(100, 200);
        var spec = TestNetworks.network(
                "vrrp-bench-" + fixture.suffix,
                "10.%d.0.0/16".formatted(n),
                b -> b.ipv6Pool("fd00:%d::/64".formatted(n))
                        .gatewayAddresses("10.%d.0.1".formatted(n), "fd00:%d::1".formatted(n))
                        .persistentKeepalive(0)
                        .split("10.%d.0.0/16".formatted(n))
                        .approvalMode(ApprovalMode.GROUPS)
                        .autoApproveGroups(List.of("vrrp-auto"))
                        .devicesPerUser(100));
        return fixture.asAdmin(() -> networks.create(spec));
    }

    @Test
    void failovers_with_the_takeover_handshakes() throws Exception {
        failovers(true);
    }

    @Test
    void failovers_without_the_takeover_handshakes() throws Exception {
        failovers(false);
    }

    private void failovers(boolean takeover) throws Exception {
        buildPair(true, takeover ? List.of() : List.of("--takeover-rate", "0"));
        var laptop = fixture.enroll(network);
        fixture.approve(laptop.id());
        awaitBothAcknowledge();
        wgQuickUp(laptop);
        await("a ping through the VIP", this::pingWorks);
        var pinger = lab.ping(client, gatewayTunnelAddress);
        var outages = new double[FAILOVERS];
        for (int round = 0; round < FAILOVERS; round++) {
            outages[round] = failover(pinger);
            System.out.printf(
                    Locale.ROOT,
                    "failover %d (%s): outage %.2f s; client's endpoint now %s, its latest handshake %s s after the"
                            + " failure%n",
                    round + 1,
                    mode(takeover),
                    outages[round],
                    client.exec("wg", "show", clientInterface(), "endpoints").strip(),
                    handshakeAfterFailure());
        }
        // What each agent did when, for reading the figures (the log has whole seconds).
        for (var agent : List.of(agentA, agentB)) {
            agent.log()
                    .lines()
                    .filter(line -> line.contains("took over") || line.contains("role") || line.contains("VIP"))
                    .forEach(line -> System.out.println((agent == agentA ? "A: " : "B: ") + line));
        }
        Arrays.sort(outages);
        System.out.printf(
                Locale.ROOT,
                "failover outage %s, %d failovers: min %.2f s, p50 %.2f s, max %.2f s; all %s%n",
                mode(takeover),
                FAILOVERS,
                outages[0],
                outages[(outages.length - 1) / 2],
                outages[outages.length - 1],
                Arrays.toString(outages));
    }

    @Test
    void takeover_of_a_thousand_peers() throws Exception {
        bulk = true;
        buildPair(true, List.of());
        long start = System.nanoTime();
        long owner = 0;
        var keys = new ArrayList<String>();
        for (int i = 0; i < PEERS; i++) {
            if (i % 100 == 0) {
                owner = fixture.user("vrrp bench user " + fixture.suffix + " " + i);
            }
            keys.add(enroll(owner));
        }
        System.out.printf(
                Locale.ROOT, "enrolled %d auto-approved devices in %.0f s%n", PEERS, (System.nanoTime() - start) / 1e9);
        var laptop = fixture.enroll(network);
        fixture.approve(laptop.id());
        awaitBothAcknowledge();
        wgQuickUp(laptop);
        await("a ping through the VIP", this::pingWorks);
        var pinger = lab.ping(client, gatewayTunnelAddress);
        var took = new ArrayList<String>();
        var outages = new double[PEER_ROUNDS];
        for (int round = 0; round < PEER_ROUNDS; round++) {
            boolean aHolds = lab.holds(gwA);
            var standby = aHolds ? gwB : gwA;
            var standbyAgent = aHolds ? agentB : agentA;
            // The fakes never shook hands: give them endpoints on the standby, as its own dump would after clients
            // had roamed there before. Closed ports of the client: the initiations are answered with ICMP, if at all.
            setEndpoints(standby, keys);
            int before = count(standbyAgent.log());
            outages[round] = failover(pinger);
            await("the agent's takeover line", () -> count(standbyAgent.log()) > before);
            String line = lastTakeover(standbyAgent);
            took.add(line);
            System.out.printf(
                    Locale.ROOT, "%d peers, round %d: outage %.2f s; %s%n", PEERS + 1, round + 1, outages[round], line);
        }
        Arrays.sort(outages);
        System.out.printf(
                Locale.ROOT,
                "failover with %d peers, %d rounds: outage min %.2f s, p50 %.2f s, max %.2f s; takeovers: %s%n",
                PEERS + 1,
                PEER_ROUNDS,
                outages[0],
                outages[(outages.length - 1) / 2],
                outages[outages.length - 1],
                took);
    }

    /** Cuts the holder's link to the segment, measures the outage, reconnects it and waits until it is backup. */
    private double failover(VrrpLab.Pinger pinger) throws Exception {
        boolean aHolds = lab.holds(gwA);
        var holder = aHolds ? gwA : gwB;
        var other = aHolds ? gwB : gwA;
        String link = aHolds ? linkA : linkB;
        var keepalived = aHolds ? keepalivedA : keepalivedB;
        int backups = keepalived.count("Entering BACKUP STATE");
        double failedAt = VrrpLab.Pinger.now();
        lastFailure = failedAt;
        holder.exec("ip", "link", "set", "down", "dev", link);
        double outage = outage(pinger, failedAt, Duration.ofSeconds(40));
        await("the other member to hold the VIP", () -> lab.holds(other));
        holder.exec("ip", "link", "set", "up", "dev", link);
        await("the failed member to be backup again", () -> keepalived.count("Entering BACKUP STATE") > backups);
        // Its notify (a JVM start) and the agent's report settle before the next round.
        Thread.sleep(3000);
        await("a ping after the member came back", this::pingWorks);
        return outage;
    }

    /** When the client's latest handshake happened, in seconds after the last failure (negative: before it). */
    private String handshakeAfterFailure() throws IOException {
        String[] fields = client.exec("wg", "show", clientInterface(), "latest-handshakes")
                .strip()
                .split("\\s+");
        return String.format(Locale.ROOT, "%+.0f", Long.parseLong(fields[fields.length - 1]) - lastFailure);
    }

    private void setEndpoints(WireGuardNetns standby, List<String> keys) throws IOException {
        var command = new ArrayList<>(List.of("wg", "set", standby.interfaceName()));
        for (int i = 0; i < keys.size(); i++) {
            command.addAll(List.of("peer", keys.get(i), "endpoint", lab.address(3) + ":" + (20000 + i)));
        }
        Path file = work.resolve("set-endpoints.sh");
        Files.writeString(file, String.join(" ", command) + "\n", StandardCharsets.US_ASCII);
        standby.exec("sh", file.toString());
    }

    private static int count(String log) {
        return (int) TOOK_OVER.matcher(log).results().count();
    }

    private static String lastTakeover(AgentProcess agent) {
        var matches = TOOK_OVER.matcher(agent.log()).results().toList();
        return matches.getLast().group();
    }

    private static String mode(boolean takeover) {
        return takeover
                ? "with the takeover handshakes"
                : "without them (--takeover-rate 0: replies from the VIP only)";
    }

    private String enroll(long owner) {
        var key = WgKeyPair.generate(GatewayFixture.RANDOM).publicKey().toBase64();
        SecurityContextHolder.getContext()
                .setAuthentication(TestLogins.as(owner, "user " + owner, Set.of("vrrp-auto"), Roles.USER));
        try {
            devices.enroll(new EnrollmentRequest(
                    "d-" + UUID.randomUUID().toString().substring(0, 12),
                    Platform.LINUX,
                    network,
                    KeyOrigin.USER,
                    key));
            return key;
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
