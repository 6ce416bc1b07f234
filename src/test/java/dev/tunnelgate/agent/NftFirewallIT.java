package dev.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.protocol.AccessRule;
import dev.tunnelgate.protocol.DriftEntry;
import dev.tunnelgate.protocol.GatewayState;
import dev.tunnelgate.protocol.Grant;
import dev.tunnelgate.protocol.InterfaceConfig;
import dev.tunnelgate.protocol.PeerSetHash;
import dev.tunnelgate.protocol.PeerSpec;
import dev.tunnelgate.protocol.PortRange;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's nftables table on a real gateway: wireguard-go and nft in a network namespace, a client namespace with
 * a WireGuard peer, and a service namespace behind the gateway with two TCP echo services (socat).
 */
@Tag("no-database")
class NftFirewallIT {
    private static final String SERVICE = "10.254.1.2";
    private static final int PORT_A = 8001;
    private static final int PORT_B = 8002;
    private static final Grant ONLY_A = grant(PORT_A);
    private static final Grant A_AND_B = grant(PORT_A, PORT_B);
    private static final InterfaceConfig CONFIG = new InterfaceConfig(51820, List.of("10.77.0.1/24"));
    private static final Pattern HANDLE = Pattern.compile("chain (\\S+) \\{ # handle (\\d+)");

    private final List<WireGuardNetns> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private WireGuardNetns gateway;
    private NftFirewall firewall;

    @TempDir
    Path stateDir;

    @BeforeEach
    void createGateway() throws IOException {
        WireGuardNetns.requirePrerequisites();
        if (!onPath("nft")) {
            WireGuardNetns.abortOrFail("the firewall tests need `nft` on PATH (Debian: nftables)");
        }
        gateway = namespace();
        gateway.setUp(CONFIG.listenPort(), CONFIG.addresses().getFirst());
        firewall = new NftFirewall(gateway.interfaceName(), gateway.prefix(), WireGuardNetns.TIMEOUT);
    }

    @AfterEach
    void cleanUp() throws IOException {
        processes.forEach(Process::destroyForcibly);
        var failure = new IOException("cleaning up failed");
        for (WireGuardNetns netns : namespaces.reversed()) {
            try {
                netns.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    @Test
    void a_snapshot_builds_the_table_and_a_delta_changes_only_its_elements() throws IOException {
        var a = peer("10.77.0.2", "fd77::2", ONLY_A.key());
        var b = peer("10.77.0.3", null, A_AND_B.key());
        var none = peer("10.77.0.4", null, null);
        firewall.replace(table(a, b, none));

        String listed = gateway.exec("nft", "list", "table", "inet", firewall.table());
        assertThat(listed)
                .contains("10.77.0.2 : jump g_" + ONLY_A.key())
                .contains("fd77::2 : jump g_" + ONLY_A.key())
                .contains("10.77.0.3 : jump g_" + A_AND_B.key())
                .doesNotContain("10.77.0.4");
        assertThat(firewall.repair(table(a, b, none)))
                .as("nft prints what the agent wrote")
                .isEmpty();
        Map<String, String> handles = handles();

        var bOnlyA = b.withGrant(ONLY_A.key());
        var c = peer("10.77.0.5", null, A_AND_B.key());
        firewall.update(table(a, bOnlyA, none, c), warning -> {
            throw new AssertionError("the delta fell back to a replace: " + warning);
        });

        assertThat(handles()).as("the same chains: the table was not replaced").isEqualTo(handles);
        assertThat(gateway.exec("nft", "list", "table", "inet", firewall.table()))
                .contains("10.77.0.3 : jump g_" + ONLY_A.key())
                .contains("10.77.0.5 : jump g_" + A_AND_B.key());

        firewall.update(table(a, bOnlyA, none), warning -> {
            throw new AssertionError(warning);
        });
        assertThat(handles())
                .as("the chain of a grant nobody has any more is gone, the others stay")
                .doesNotContainKey("g_" + A_AND_B.key())
                .containsEntry("forward", handles.get("forward"))
                .containsEntry("g_" + ONLY_A.key(), handles.get("g_" + ONLY_A.key()));
        assertThat(firewall.repair(table(a, bOnlyA, none))).isEmpty();
    }

    @Test
    void an_element_deleted_and_a_rule_added_by_hand_are_repaired_and_reported() throws IOException {
        var a = peer("10.77.0.2", "fd77::2", ONLY_A.key());
        var b = peer("10.77.0.3", null, A_AND_B.key());
        AccessTable desired = table(a, b);
        firewall.replace(desired);

        gateway.exec("nft", "delete", "element", "inet", firewall.table(), "peers_v6", "{ fd77::2 }");
        assertThat(firewall.repair(desired)).containsExactly(new DriftEntry(DriftEntry.Kind.ACCESS, a.publicKey()));
        assertThat(gateway.exec("nft", "list", "map", "inet", firewall.table(), "peers_v6"))
                .contains("fd77::2 : jump g_" + ONLY_A.key());

        gateway.exec("nft", "add", "rule", "inet", firewall.table(), "g_" + ONLY_A.key(), "accept");
        gateway.exec("nft", "add", "element", "inet", firewall.table(), "peers_v4", "{ 10.77.0.99 : accept }");
        assertThat(firewall.repair(desired)).containsExactly(DriftEntry.rules());
        String repaired = gateway.exec("nft", "list", "table", "inet", firewall.table());
        assertThat(repaired).doesNotContain("10.77.0.99").doesNotContainPattern("\\n\\s*accept\\n");

        gateway.exec("nft", "delete", "table", "inet", firewall.table());
        assertThat(firewall.repair(desired)).containsExactly(DriftEntry.rules());
        assertThat(firewall.repair(desired)).isEmpty();
    }

    @Test
    void restore_at_boot_puts_the_rules_back_before_the_portal_answers() throws Exception {
        var a = peer("10.77.0.2", null, ONLY_A.key());
        GatewayState saved = GatewayState.snapshot(7, CONFIG, List.of(a), Map.of(ONLY_A.key(), ONLY_A));
        var store = new StateStore(stateDir);
        store.save(saved);
        var http = HttpClient.newHttpClient();
        var reporter = new StatusReporter(
                new PortalClient(http, URI.create("http://127.0.0.1:9"), "token-not-used", "test"), "test");
        var keeper = new InterfaceKeeper(gateway.wireGuard(), firewall, config -> {}, store, reporter);

        keeper.restore();

        assertThat(gateway.exec("nft", "list", "table", "inet", firewall.table()))
                .contains("10.77.0.2 : jump g_" + ONLY_A.key())
                .contains("tcp dport " + PORT_A + " accept");
        assertThat(gateway.wireGuard().read().peers()).containsOnlyKeys(a.publicKey());
        assertThat(firewall.notEnforcing()).isEmpty();
        http.close();
    }

    @Test
    void a_granted_port_works_another_is_dropped_and_a_withdrawn_grant_cuts_an_open_connection() throws Exception {
        WireGuardNetns client = namespace();
        WireGuardNetns service = namespace();
        int underlay = WireGuardNetns.freeSubnet();
        gateway.veth(client, WireGuardNetns.address(underlay, 1) + "/30", WireGuardNetns.address(underlay, 2) + "/30");
        gateway.veth(service, "10.254.1.1/30", SERVICE + "/30");
        gateway.exec("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        service.exec("ip", "route", "add", "10.77.0.0/24", "via", "10.254.1.1");
        for (int port : new int[] {PORT_A, PORT_B}) {
            processes.add(start(service, "socat", "TCP-LISTEN:" + port + ",fork,reuseaddr", "EXEC:cat"));
        }
        String clientKey = client.setUp(51821, "10.77.0.2/24");
        String gatewayKey = gateway.wireGuard().read().publicKey();
        client.exec(
                "wg",
                "set",
                client.interfaceName(),
                "peer",
                gatewayKey,
                "endpoint",
                WireGuardNetns.address(underlay, 1) + ":" + CONFIG.listenPort(),
                "allowed-ips",
                "10.77.0.0/24,10.254.1.0/30",
                "persistent-keepalive",
                "1");
        client.exec("ip", "route", "replace", "10.254.1.0/30", "dev", client.interfaceName());
        var device = new PeerSpec(clientKey, null, List.of("10.77.0.2/32"), A_AND_B.key());
        gateway.wireGuard().apply(List.of(new PeerChange.Upsert(device)));
        firewall.replace(table(device));
        awaitPort(client, PORT_A);

        assertThat(echo(client, PORT_A)).isTrue();
        assertThat(echo(client, PORT_B)).isTrue();
        firewall.update(table(device.withGrant(ONLY_A.key())), warning -> {
            throw new AssertionError(warning);
        });
        assertThat(echo(client, PORT_A)).as("granted").isTrue();
        assertThat(echo(client, PORT_B)).as("no longer granted").isFalse();

        firewall.update(table(device), warning -> {});
        try (var open = new Connection(start(client, "socat", "-", "TCP:" + SERVICE + ":" + PORT_B))) {
            assertThat(open.roundTrip("before", Duration.ofSeconds(5))).isTrue();
            firewall.update(table(device.withGrant(ONLY_A.key())), warning -> {
                throw new AssertionError(warning);
            });
            long withdrawn = System.nanoTime();
            assertThat(open.roundTrip("after", Duration.ofSeconds(1)))
                    .as("the open connection is cut within 1 s of the withdrawal")
                    .isFalse();
            assertThat(System.nanoTime() - withdrawn).isLessThan(TimeUnit.SECONDS.toNanos(2));
            assertThat(gateway.exec("nft", "list", "counter", "inet", firewall.table(), "dropped"))
                    .containsPattern("packets [1-9]");
            // What --metrics-listen shows as tunnelgate_agent_nft_dropped_packets_total.
            assertThat(firewall.dropped())
                    .hasValueSatisfying(dropped -> assertThat(dropped.packets()).isPositive());
        }
        firewall.update(table(device.withGrant(null)), warning -> {});
        assertThat(echo(client, PORT_A))
                .as("a device without grant reaches nothing")
                .isFalse();
    }

    /** An open TCP connection from the client namespace: a socat whose stdin and stdout the test holds. */
    private static final class Connection implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(100);

        Connection(Process process) {
            this.process = process;
            Thread.ofVirtual().start(() -> {
                try (var reader =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = reader.readLine()) != null; ) {
                        lines.offer(line);
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
        }

        boolean roundTrip(String text, Duration patience) throws IOException, InterruptedException {
            OutputStream in = process.getOutputStream();
            in.write((text + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            return text.equals(lines.poll(patience.toMillis(), TimeUnit.MILLISECONDS));
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    private Process start(WireGuardNetns netns, String... command) throws IOException {
        var argv = new ArrayList<>(netns.prefix());
        argv.addAll(List.of(command));
        Process process = new ProcessBuilder(argv).redirectErrorStream(false).start();
        processes.add(process);
        return process;
    }

    /** One connection, one line echoed within 3 s. */
    private static boolean echo(WireGuardNetns client, int port) throws IOException {
        var runner = new ProcessRunner(client.prefix(), Duration.ofSeconds(10));
        var result = runner.execute(
                List.of("socat", "-T", "3", "-", "TCP:" + SERVICE + ":" + port + ",connect-timeout=3"),
                "hello\n".getBytes(StandardCharsets.UTF_8));
        return result.stdout().strip().equals("hello");
    }

    private static void awaitPort(WireGuardNetns client, int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!echo(client, port)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the service never answered through the tunnel");
            }
            Thread.sleep(200);
        }
    }

    private Map<String, String> handles() throws IOException {
        var handles = new java.util.TreeMap<String, String>();
        Matcher m = HANDLE.matcher(gateway.exec("nft", "-a", "list", "table", "inet", firewall.table()));
        while (m.find()) {
            handles.put(m.group(1), m.group(2));
        }
        return handles;
    }

    private WireGuardNetns namespace() throws IOException {
        var netns = WireGuardNetns.create("anft");
        namespaces.add(netns);
        return netns;
    }

    static Grant grant(int... ports) {
        var rules = new ArrayList<AccessRule>();
        for (int port : ports) {
            rules.add(new AccessRule(
                    AccessProtocol.TCP,
                    List.of(PortRange.single(port)),
                    List.of(IpPrefix.parse(SERVICE + "/32"), IpPrefix.parse("fd54::/64"))));
        }
        return new Grant(rules);
    }

    static PeerSpec peer(String v4, String v6, String grant) {
        var ips = new ArrayList<>(List.of(v4 + "/32"));
        if (v6 != null) {
            ips.add(v6 + "/128");
        }
        return new PeerSpec(TestKeys.publicKey(), null, ips, grant);
    }

    static AccessTable table(PeerSpec... peers) {
        var grants = new java.util.HashMap<String, Grant>();
        for (Grant grant : List.of(ONLY_A, A_AND_B)) {
            for (PeerSpec peer : peers) {
                if (grant.key().equals(peer.grant())) {
                    grants.put(grant.key(), grant);
                }
            }
        }
        return AccessTable.of(new GatewayState(
                1,
                GatewayState.Kind.SNAPSHOT,
                0,
                PeerSetHash.of(List.of(peers)),
                CONFIG,
                List.of(peers),
                List.of(),
                grants));
    }

    private static boolean onPath(String tool) {
        for (String dir :
                System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
