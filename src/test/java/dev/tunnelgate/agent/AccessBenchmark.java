package dev.tunnelgate.agent;

import static dev.tunnelgate.agent.WireGuardBenchmark.check;
import static dev.tunnelgate.agent.WireGuardBenchmark.median;
import static dev.tunnelgate.agent.WireGuardBenchmark.millis;
import static dev.tunnelgate.agent.WireGuardBenchmark.raw;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.protocol.AccessRule;
import dev.tunnelgate.protocol.GatewayState;
import dev.tunnelgate.protocol.Grant;
import dev.tunnelgate.protocol.InterfaceConfig;
import dev.tunnelgate.protocol.PeerSetHash;
import dev.tunnelgate.protocol.PeerSpec;
import dev.tunnelgate.protocol.PortRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the agent's nftables enforcement with 10,000 peers and 300 distinct grants on wireguard-go in throw-away
 * namespaces (prefix {@code anft}). Not a test: run by hand as root after {@code ./mvnw test-compile} with
 * {@code java -cp target/classes:target/test-classes dev.tunnelgate.agent.AccessBenchmark [peers] [grants]}; needs
 * nft and iperf3.
 */
public final class AccessBenchmark {
    private static final int RUNS = 5;
    private static final int SINGLE_RUNS = 30;
    private static final int IPERF_RUNS = 3;
    private static final String SERVICE = "10.254.1.2";
    private static final InterfaceConfig CONFIG = new InterfaceConfig(51820, List.of("10.100.0.1/16"));
    private static final Pattern RECEIVED =
            Pattern.compile("\"sum_received\":\\s*\\{[^}]*?\"bits_per_second\":\\s*([0-9.e+]+)");

    private AccessBenchmark() {}

    public static void main(String[] args) throws Exception {
        WireGuardNetns.missingPrerequisite().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int grantCount = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        List<Grant> grants = grants(grantCount);
        try (var gateway = WireGuardNetns.create("anft");
                var client = WireGuardNetns.create("anft");
                var service = WireGuardNetns.create("anft")) {
            gateway.setUp(CONFIG.listenPort(), CONFIG.addresses().getFirst());
            // The client's grant reaches the iperf3 server; the other peers get the 300 grants in turn.
            Grant iperf = new Grant(List.of(new AccessRule(
                    AccessProtocol.TCP, List.of(PortRange.single(5201)), List.of(IpPrefix.parse(SERVICE + "/32")))));
            String clientKey = client.setUp(51821, "10.100.255.254/16");
            var peers = new ArrayList<PeerSpec>();
            peers.add(new PeerSpec(clientKey, null, List.of("10.100.255.254/32"), iperf.key()));
            Map<String, Grant> byKey = new HashMap<>();
            byKey.put(iperf.key(), iperf);
            grants.forEach(g -> byKey.put(g.key(), g));
            for (int i = 0; i < count; i++) {
                int host = i + 2;
                Grant grant = grants.get(i % grants.size());
                peers.add(new PeerSpec(
                        TestKeys.publicKey(),
                        null,
                        List.of("10.100.%d.%d/32".formatted(host / 256, host % 256), "fd64::%x/128".formatted(host)),
                        grant.key()));
            }
            GatewayState state = GatewayState.snapshot(1, CONFIG, peers, byKey);
            Reconciler.applySnapshot(gateway.wireGuard(), peers);
            check(gateway.wireGuard().read().peers().size() == count + 1);
            System.out.printf(
                    "wireguard-go with %d peers, %d distinct grants, commands via `ip netns exec`%n",
                    peers.size(), byKey.size());

            var firewall = new NftFirewall(gateway.interfaceName(), gateway.prefix(), WireGuardNetns.TIMEOUT);
            var ruleset = new NftRuleset(gateway.interfaceName());
            String text = ruleset.replace(AccessTable.of(state));
            Path file = Files.createTempFile("anft-ruleset", ".nft");
            Files.writeString(file, text);
            double[] agent = new double[RUNS];
            double[] rawFile = new double[RUNS];
            for (int run = 0; run < RUNS; run++) {
                agent[run] = millis(() -> firewall.replace(AccessTable.of(state)));
                rawFile[run] = millis(() -> raw(gateway.prefix(), "nft", "-f", file.toString()));
            }
            firewall.replace(AccessTable.of(state));
            check(firewall.repair(AccessTable.of(state)).isEmpty());
            double check =
                    millis(() -> check(firewall.repair(AccessTable.of(state)).isEmpty()));
            System.out.printf(
                    "(a) full apply, median of %d: agent (AccessTable.of + NftFirewall.replace, one nft -f -) %.0f ms;"
                            + " raw `nft -f <file>` of the same %d-byte ruleset %.0f ms: %.2fx%n",
                    RUNS, median(agent), text.length(), median(rawFile), median(agent) / median(rawFile));
            System.out.printf("    runs: agent %s, raw %s%n", Arrays.toString(agent), Arrays.toString(rawFile));
            System.out.printf("    drift check of the whole table in sync (list, parse, compare) %.0f ms%n", check);

            // (b) One device's grant changes, as a delta: what InterfaceKeeper.accept does for the firewall.
            double[] agentOne = new double[SINGLE_RUNS];
            double[] rawOne = new double[SINGLE_RUNS];
            GatewayState current = state;
            AccessTable table = AccessTable.of(state);
            for (int run = 0; run < SINGLE_RUNS; run++) {
                PeerSpec device = current.peers().get(run + 1);
                Grant other = grants.get((run + 7) % grants.size());
                PeerSpec moved = device.withGrant(other.key());
                var delta = new GatewayState(
                        current.revision() + 1,
                        GatewayState.Kind.DELTA,
                        current.revision(),
                        PeerSetHash.add(PeerSetHash.remove(current.hash(), device), moved),
                        CONFIG,
                        List.of(moved),
                        List.of(),
                        Map.of(other.key(), other));
                GatewayState before = current;
                GatewayState next = Deltas.merge(before, delta);
                AccessTable previous = table;
                AccessTable[] after = new AccessTable[1];
                agentOne[run] = millis(() -> {
                    after[0] = previous.after(before, delta, next);
                    firewall.update(after[0], warning -> {
                        throw new IllegalStateException(warning);
                    });
                });
                table = after[0];
                current = next;
                String address = "10.101.%d.%d".formatted(run / 250, run % 250 + 1);
                rawOne[run] = millis(() -> raw(
                        gateway.prefix(),
                        "nft",
                        "add",
                        "element",
                        "inet",
                        firewall.table(),
                        NftRuleset.PEERS_V4,
                        "{ " + address + " : jump " + NftRuleset.chain(other.key()) + " }"));
            }
            System.out.printf(
                    "(b) one device's grant changes, median of %d: agent (AccessTable.after + NftFirewall.update:"
                            + " delete + add element, one nft -f -) %.1f ms; raw `nft add element` %.1f ms: %.2fx%n",
                    SINGLE_RUNS, median(agentOne), median(rawOne), median(agentOne) / median(rawOne));

            // (c) TCP through the gateway: client --wg--> gateway --veth--> service, with and without the table.
            int underlay = WireGuardNetns.freeSubnet();
            gateway.veth(
                    client, WireGuardNetns.address(underlay, 1) + "/30", WireGuardNetns.address(underlay, 2) + "/30");
            gateway.veth(service, "10.254.1.1/30", SERVICE + "/30");
            gateway.exec("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
            service.exec("ip", "route", "add", "10.100.0.0/16", "via", "10.254.1.1");
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
                    "10.100.0.0/16,10.254.1.0/30",
                    "persistent-keepalive",
                    "1");
            client.exec("ip", "route", "replace", "10.254.1.0/30", "dev", client.interfaceName());
            Process server = new ProcessBuilder(withPrefix(service, "iperf3", "-s", "-B", SERVICE))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try {
                Thread.sleep(1000);
                firewall.replace(table);
                iperf(client); // warm-up, and proof the grant lets it through
                double[] withTable = new double[IPERF_RUNS];
                double[] without = new double[IPERF_RUNS];
                for (int run = 0; run < IPERF_RUNS; run++) {
                    firewall.replace(table);
                    withTable[run] = iperf(client);
                    gateway.exec("nft", "delete", "table", "inet", firewall.table());
                    without[run] = iperf(client);
                }
                System.out.printf(
                        "(c) TCP through the gateway, iperf3 -t 5, median of %d: with the %d-peer table %.0f Mbit/s,"
                                + " without any table %.0f Mbit/s: %.1f %% less%n",
                        IPERF_RUNS,
                        peers.size(),
                        median(withTable),
                        median(without),
                        100 * (1 - median(withTable) / median(without)));
                System.out.printf(
                        "    runs: with %s, without %s%n", Arrays.toString(withTable), Arrays.toString(without));
            } finally {
                server.destroyForcibly();
                Files.deleteIfExists(file);
            }
        }
    }

    private static double iperf(WireGuardNetns client) throws IOException {
        var runner = new ProcessRunner(client.prefix(), java.time.Duration.ofSeconds(30));
        String json = runner.run(List.of("iperf3", "-c", SERVICE, "-t", "5", "-J"), null);
        Matcher m = RECEIVED.matcher(json);
        check(m.find());
        return Double.parseDouble(m.group(1)) / 1e6;
    }

    private static List<String> withPrefix(WireGuardNetns netns, String... command) {
        var argv = new ArrayList<>(netns.prefix());
        argv.addAll(List.of(command));
        return argv;
    }

    /** Distinct grants as 50 groups and 200 policies might make them: web ports per team, ICMP, a shared subnet. */
    static List<Grant> grants(int count) {
        var grants = new ArrayList<Grant>();
        for (int i = 0; i < count; i++) {
            grants.add(new Grant(List.of(
                    new AccessRule(
                            AccessProtocol.TCP,
                            List.of(PortRange.single(443), PortRange.single(8000 + i)),
                            List.of(
                                    IpPrefix.parse("10.200.%d.0/24".formatted(i % 250)),
                                    IpPrefix.parse("fd00:%x::/64".formatted(i)))),
                    new AccessRule(AccessProtocol.ICMP, List.of(), List.of(IpPrefix.parse("10.200.0.0/16"))),
                    new AccessRule(
                            AccessProtocol.UDP,
                            List.of(PortRange.single(53)),
                            List.of(IpPrefix.parse("10.0.%d.53/32".formatted(i % 50)))))));
        }
        return grants;
    }
}
