package dev.tunnelgate.gateways.agentapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.devices.DevicePeers;
import dev.tunnelgate.devices.PeerStatusStore;
import dev.tunnelgate.devices.PeerStatusStore.Written;
import dev.tunnelgate.gateways.AgentHttp;
import dev.tunnelgate.gateways.GatewayFixture;
import dev.tunnelgate.gateways.GatewayIntegrationTest;
import dev.tunnelgate.keys.WgKeyPair;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.protocol.AgentWire;
import dev.tunnelgate.protocol.PeerStats;
import dev.tunnelgate.protocol.StatusReport;
import dev.tunnelgate.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue #10's report benchmark: one periodic status report of 10,000 peers from one member, taken by
 * {@link StatusReports} (the report's whole transaction: checks, member row, peer status, device rows). Measures the
 * time and the rows written for the first report, for an unchanged report, and for a report in which every handshake
 * advanced; then the unchanged report once more over HTTP, parsing included. Never part of {@code verify}; run it
 * with {@code ./mvnw -B failsafe:integration-test@it-h2 -Dit.test=PeerStatusBenchmarkIT
 * -Dtunnelgate.it.exclude=none} (or {@code @it-postgres} with {@code TUNNELGATE_TEST_POSTGRES_URL} set). Prints its
 * figures to stdout.
 */
@Tag("benchmark")
class PeerStatusBenchmarkIT extends GatewayIntegrationTest {
    private static final int PEERS = Integer.getInteger("tunnelgate.benchmark.devices", 10_000);
    private static final int PER_USER = 100;
    private static final int RUNS = 5;
    private static final String GATEWAY_KEY =
            WgKeyPair.generate(GatewayFixture.RANDOM).publicKey().toBase64();

    @Autowired
    StatusReports reports;

    @Autowired
    TestClock clock;

    @Autowired
    DevicePeers devicePeers;

    @Autowired
    PeerStatusStore store;

    @Autowired
    PlatformTransactionManager transactions;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void one_report_of_ten_thousand_peers_first_unchanged_and_every_handshake_changed() throws Exception {
        long network = fixture.network(ApprovalMode.MANUAL, PER_USER);
        long group = fixture.group(GATEWAY_KEY, "vpn.example.test:51820", 51820, network);
        var member = fixture.member(group, "gw-bench-" + fixture.suffix);
        var agent = new AgentPrincipal(member.memberId(), group, member.memberName());

        long seedStart = System.nanoTime();
        var keys = new ArrayList<String>();
        long owner = 0;
        for (int i = 0; i < PEERS; i++) {
            if (i % PER_USER == 0) {
                owner = fixture.user("bench owner " + fixture.suffix + " " + i);
            }
            keys.add(fixture.enroll(owner, network).publicKey());
        }
        System.out.printf("seeded %d devices in %.0f s%n", PEERS, (System.nanoTime() - seedStart) / 1e9);

        var handshake = clock.instant().truncatedTo(ChronoUnit.SECONDS).minusSeconds(100);
        var first = report(keys, handshake, 0);
        var firstRun = timed(() -> reports.accept(agent, first));
        assertThat(firstRun.written()).isEqualTo(new Written(PEERS, PEERS));
        print("first report", List.of(firstRun));

        var unchanged = new ArrayList<Run>();
        for (int run = 0; run < RUNS; run++) {
            clock.advance(Duration.ofSeconds(30));
            unchanged.add(timed(() -> reports.accept(agent, first)));
        }
        assertThat(unchanged).allMatch(r -> r.written().total() == 0);
        print("nothing changed", unchanged);

        var changed = new ArrayList<Run>();
        for (int run = 1; run <= RUNS; run++) {
            clock.advance(Duration.ofSeconds(30));
            var advanced = report(keys, handshake.plusSeconds(10L * run), run);
            changed.add(timed(() -> reports.accept(agent, advanced)));
        }
        assertThat(changed).allMatch(r -> r.written().equals(new Written(PEERS, PEERS)));
        print("every handshake changed", changed);

        // Where an unchanged report's time goes: the two key look-ups StatusReports makes before storing.
        var unknown = new double[RUNS];
        var deviceIds = new double[RUNS];
        for (int run = 0; run < RUNS; run++) {
            long start = System.nanoTime();
            assertThat(devicePeers.unknown(keys, List.of(network))).isEmpty();
            unknown[run] = (System.nanoTime() - start) / 1e6;
            start = System.nanoTime();
            assertThat(devicePeers.deviceIds(keys, List.of(network))).hasSize(PEERS);
            deviceIds[run] = (System.nanoTime() - start) / 1e6;
        }
        var ids = devicePeers.deviceIds(keys, List.of(network));
        var last = report(keys, handshake.plusSeconds(10L * RUNS), RUNS);
        var storeOnly = new double[RUNS];
        for (int run = 0; run < RUNS; run++) {
            long start = System.nanoTime();
            var written = new TransactionTemplate(transactions)
                    .execute(tx ->
                            store.store(member.memberId(), member.memberName(), last.peers(), ids, clock.instant()));
            storeOnly[run] = (System.nanoTime() - start) / 1e6;
            assertThat(written).isEqualTo(new Written(0, 0));
        }
        System.out.printf(
                "of which: DevicePeers.unknown median %.0f ms, DevicePeers.deviceIds median %.0f ms, PeerStatusStore.store"
                        + " (load the member's rows, compare, write nothing) median %.0f ms%n",
                median(unknown), median(deviceIds), median(storeOnly));

        var http = new AgentHttp(baseUrl());
        var body = AgentWire.encode(report(keys, handshake.plusSeconds(10L * RUNS), RUNS));
        var overHttp = new double[RUNS];
        for (int run = 0; run < RUNS; run++) {
            clock.advance(Duration.ofSeconds(30));
            long start = System.nanoTime();
            assertThat(http.status(member.token(), body).statusCode()).isEqualTo(204);
            overHttp[run] = (System.nanoTime() - start) / 1e6;
        }
        System.out.printf(
                "nothing changed, over HTTP (%d kB, parsing included): median %.0f ms of %s%n",
                body.length() / 1024, median(overHttp), Arrays.toString(overHttp));
    }

    private static StatusReport report(List<String> keys, Instant handshake, long traffic) {
        var peers = new ArrayList<PeerStats>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            peers.add(new PeerStats(
                    keys.get(i),
                    handshake,
                    1000 + traffic,
                    2000 + traffic,
                    "192.0.%d.%d:%d".formatted(2 + i / 250 % 200, i % 250 + 1, 40000 + i % 20000)));
        }
        return new StatusReport("0.1.0", GATEWAY_KEY, 0, null, peers, List.of(), List.of());
    }

    private record Run(double millis, Written written) {}

    private interface Report {
        Written take();
    }

    private static Run timed(Report report) {
        long start = System.nanoTime();
        var written = report.take();
        return new Run((System.nanoTime() - start) / 1e6, written);
    }

    private static void print(String what, List<Run> runs) {
        var millis = runs.stream().mapToDouble(Run::millis).toArray();
        System.out.printf(
                "%s, %d peers: median %.0f ms of %s; rows written: %d peer status, %d devices%n",
                what,
                PEERS,
                median(millis),
                Arrays.toString(Arrays.stream(millis).map(Math::rint).toArray()),
                runs.getLast().written().peerRows(),
                runs.getLast().written().devices());
    }

    private static double median(double[] values) {
        var sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
