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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Measures the agent's nftables enforcement with 10,000 peers and 300 distinct grants on wireguard-go in throw-away
 * namespaces (prefix {@code anft}). Not a test: run by hand as root after {@code ./mvnw test-compile} with
 * {@code java -cp ... dev.tunnelgate.agent.AccessBenchmark [peers] [grants] [iperf runs] [iperf seconds]} (defaults
 * 10000 300 5 10; 0 iperf runs skips the throughput part); needs nft and iperf3. Figures are medians and p90 of
 * many runs after a warm-up; the first run in the JVM is reported on its own.
 */
public final class AccessBenchmark {
    private static final int APPLY_WARMUP = 5;
    private static final int APPLY_RUNS = 15;
    private static final int CHECK_WARMUP = 3;
    private static final int CHECK_RUNS = 9;
    private static final int SINGLE_WARMUP = 200;
    private static final int SINGLE_RUNS = 101;
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
        int iperfRuns = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int iperfSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
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

            // nft runs timed on their own: what is left of an operation's time is the agent's Java.
            var nft = new TimedNft(new ProcessRunner(gateway.prefix(), WireGuardNetns.TIMEOUT)::run);
            var firewall = new NftFirewall(gateway.interfaceName(), nft);
            var ruleset = new NftRuleset(gateway.interfaceName());
            String text = ruleset.replace(AccessTable.of(state));
            Path file = Files.createTempFile("anft-ruleset", ".nft");
            Files.writeString(file, text);

            // (a) The first apply in a fresh JVM is reported on its own; the agent is a long-running process, so the
            // figure that counts is the steady state after a warm-up.
            double coldApply = millis(() -> firewall.replace(AccessTable.of(state)));
            double coldRaw = millis(() -> raw(gateway.prefix(), "nft", "-f", file.toString()));
            for (int run = 0; run < APPLY_WARMUP; run++) {
                firewall.replace(AccessTable.of(state));
            }
            double[] agent = new double[APPLY_RUNS];
            double[] agentJava = new double[APPLY_RUNS];
            double[] rawFile = new double[APPLY_RUNS];
            double[] build = new double[APPLY_RUNS];
            for (int run = 0; run < APPLY_RUNS; run++) {
                // Alternating, so a busy moment of the machine hits both sides alike.
                nft.reset();
                agent[run] = millis(() -> firewall.replace(AccessTable.of(state)));
                agentJava[run] = agent[run] - nft.millis();
                rawFile[run] = millis(() -> raw(gateway.prefix(), "nft", "-f", file.toString()));
                build[run] = millis(
                        () -> check(ruleset.replace(AccessTable.of(state)).length() == text.length()));
            }
            System.out.printf(
                    "(a) full apply: agent (AccessTable.of + NftFirewall.replace, one nft -f -) vs raw `nft -f <file>`"
                            + " of the same %d-byte ruleset%n",
                    text.length());
            System.out.printf("    cold (first in this JVM): agent %.0f ms, raw %.0f ms%n", coldApply, coldRaw);
            System.out.printf(
                    "    warm, %d runs after %d warm-up: agent %s, raw %s: %.2fx (median); of the agent's, Java"
                            + " (all but the nft process) %s, of which building the table and its text %s%n",
                    APPLY_RUNS,
                    APPLY_WARMUP,
                    stats(agent),
                    stats(rawFile),
                    median(agent) / median(rawFile),
                    stats(agentJava),
                    stats(build));

            // Drift check with the table in sync: what the 60 s timer does, under the keeper's lock.
            firewall.replace(AccessTable.of(state));
            AccessTable synced = AccessTable.of(state);
            double coldCheck = millis(() -> check(firewall.repair(synced).isEmpty()));
            for (int run = 0; run < CHECK_WARMUP; run++) {
                check(firewall.repair(synced).isEmpty());
            }
            double[] checks = new double[CHECK_RUNS];
            double[] checksJava = new double[CHECK_RUNS];
            double[] listing = new double[CHECK_RUNS];
            for (int run = 0; run < CHECK_RUNS; run++) {
                nft.reset();
                checks[run] = millis(() -> check(firewall.repair(synced).isEmpty()));
                checksJava[run] = checks[run] - nft.millis();
                listing[run] = millis(() -> raw(gateway.prefix(), "nft", "list", "table", "inet", firewall.table()));
            }
            System.out.printf(
                    "    drift check in sync (list, parse, compare): cold %.0f ms; warm %s, of which Java (parse,"
                            + " compare) %s; raw `nft list table` %s%n",
                    coldCheck, stats(checks), stats(checksJava), stats(listing));

            // (b) One device's grant changes, as a delta: what InterfaceKeeper.accept does for the firewall.
            int total = SINGLE_WARMUP + SINGLE_RUNS;
            double[] agentOne = new double[total];
            double[] agentOneJava = new double[total];
            double[] rawOne = new double[total];
            double[] rawBatch = new double[total];
            GatewayState current = state;
            AccessTable table = AccessTable.of(state);
            firewall.replace(table);
            for (int run = 0; run < total; run++) {
                PeerSpec device = current.peers().get(run % count + 1);
                Grant other = grants.get((run + 7) % grants.size());
                if (other.key().equals(device.grant())) {
                    other = grants.get((run + 8) % grants.size());
                }
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
                AccessTable desired = table;
                nft.reset();
                agentOne[run] = millis(() -> {
                    desired.apply(delta, next);
                    firewall.update(desired, warning -> {
                        throw new IllegalStateException(warning);
                    });
                });
                agentOneJava[run] = agentOne[run] - nft.millis();
                current = next;
                String address = "10.101.%d.%d".formatted(run / 250, run % 250 + 1);
                String verdict = " : jump " + NftRuleset.chain(other.key());
                rawOne[run] = millis(() -> raw(
                        gateway.prefix(),
                        "nft",
                        "add",
                        "element",
                        "inet",
                        firewall.table(),
                        NftRuleset.PEERS_V4,
                        "{ " + address + verdict + " }"));
                // The same kind of batch the agent sends (delete + add of both addresses), written by hand.
                String raw6 = "fd65::%x".formatted(run + 1);
                String batch = "add element inet %1$s %2$s { %3$s%4$s }\nadd element inet %1$s %5$s { %6$s%4$s }\n"
                                .formatted(
                                        firewall.table(),
                                        NftRuleset.PEERS_V4,
                                        address,
                                        verdict,
                                        NftRuleset.PEERS_V6,
                                        raw6)
                        + "delete element inet %1$s %2$s { %3$s }\ndelete element inet %1$s %4$s { %5$s }\n"
                                .formatted(firewall.table(), NftRuleset.PEERS_V4, address, NftRuleset.PEERS_V6, raw6)
                        + "add element inet %1$s %2$s { %3$s%4$s }\nadd element inet %1$s %5$s { %6$s%4$s }\n"
                                .formatted(
                                        firewall.table(),
                                        NftRuleset.PEERS_V4,
                                        address,
                                        verdict,
                                        NftRuleset.PEERS_V6,
                                        raw6);
                rawBatch[run] = millis(() -> rawStdin(gateway.prefix(), batch, "nft", "-f", "-"));
            }
            double[] warmOne = Arrays.copyOfRange(agentOne, SINGLE_WARMUP, total);
            double[] warmRaw = Arrays.copyOfRange(rawOne, SINGLE_WARMUP, total);
            System.out.printf(
                    "(b) one device's grant changes: agent (AccessTable.apply + NftFirewall.update: delete + add"
                            + " element, one nft -f -) vs raw `nft add element`%n");
            System.out.printf(
                    "    cold (first delta in this JVM): agent %.1f ms, raw %.1f ms%n", agentOne[0], rawOne[0]);
            System.out.printf(
                    "    warm, %d runs after %d warm-up: agent %s, raw %s: %.2fx (median); of the agent's, Java %s;"
                            + " raw `nft -f -` of a delete + add batch like the agent's %s%n",
                    SINGLE_RUNS,
                    SINGLE_WARMUP,
                    stats(warmOne),
                    stats(warmRaw),
                    median(warmOne) / median(warmRaw),
                    stats(Arrays.copyOfRange(agentOneJava, SINGLE_WARMUP, total)),
                    stats(Arrays.copyOfRange(rawBatch, SINGLE_WARMUP, total)));
            if (iperfRuns == 0) {
                Files.deleteIfExists(file);
                return;
            }

            // (c) TCP through the gateway: client --wg--> gateway --veth--> service. Variants alternate run by run:
            // no table at all; only a conntrack rule (what any stateful filter costs); the agent's table with just
            // the client's element; the agent's full table.
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
            GatewayState clientOnly =
                    GatewayState.snapshot(1, CONFIG, List.of(peers.getFirst()), Map.of(iperf.key(), iperf));
            String conntrackOnly = "table inet anftct {\n\tchain forward {\n\t\ttype filter hook forward priority"
                    + " filter; policy accept;\n\t\tct state established,related accept\n\t}\n}\n";
            // An experiment, not what the agent does: the outer (encrypted) UDP packets of wireguard-go left out of
            // conntrack, so only the forwarded inner flow is tracked.
            String notrack = "table inet anftnt {\n\tchain pre {\n\t\ttype filter hook prerouting priority raw;"
                    + " policy accept;\n\t\tudp dport " + CONFIG.listenPort() + " notrack\n\t}\n\tchain out {\n"
                    + "\t\ttype filter hook output priority raw; policy accept;\n\t\tudp sport "
                    + CONFIG.listenPort() + " notrack\n\t}\n}\n";
            var variants = List.of(
                    "no table",
                    "conntrack rule only",
                    "agent table, client only",
                    "agent table, full",
                    "full + wg UDP notrack");
            Process server = new ProcessBuilder(withPrefix(service, "iperf3", "-s", "-B", SERVICE))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try {
                Thread.sleep(1000);
                firewall.replace(table);
                iperf(client, 2); // warm-up, and proof the grant lets it through
                double[][] results = new double[variants.size()][iperfRuns];
                for (int run = 0; run < iperfRuns; run++) {
                    for (int v = 0; v < variants.size(); v++) {
                        gateway.exec("nft", "flush", "ruleset");
                        switch (v) {
                            case 1 -> rawStdin(gateway.prefix(), conntrackOnly, "nft", "-f", "-");
                            case 2 -> firewall.replace(AccessTable.of(clientOnly));
                            case 3 -> firewall.replace(table);
                            case 4 -> {
                                firewall.replace(table);
                                rawStdin(gateway.prefix(), notrack, "nft", "-f", "-");
                            }
                            default -> {}
                        }
                        results[v][run] = iperf(client, iperfSeconds);
                    }
                }
                gateway.exec("nft", "flush", "ruleset");
                System.out.printf(
                        "(c) TCP through the gateway, iperf3 -t %d, %d runs of each, variants alternating (%d peers)%n",
                        iperfSeconds, iperfRuns, peers.size());
                for (int v = 0; v < variants.size(); v++) {
                    System.out.printf(
                            "    %-26s %s Mbit/s: %.1f %% less than without a table (median)%n",
                            variants.get(v), stats(results[v]), 100 * (1 - median(results[v]) / median(results[0])));
                }
            } finally {
                server.destroyForcibly();
                Files.deleteIfExists(file);
            }
        }
    }

    /** nft, with the time its runs took since the last reset. */
    private static final class TimedNft implements NftFirewall.Nft {
        private final NftFirewall.Nft nft;
        private long nanos;

        TimedNft(NftFirewall.Nft nft) {
            this.nft = nft;
        }

        @Override
        public String run(List<String> command, byte @Nullable [] stdin) throws IOException {
            long start = System.nanoTime();
            try {
                return nft.run(command, stdin);
            } finally {
                nanos += System.nanoTime() - start;
            }
        }

        void reset() {
            nanos = 0;
        }

        double millis() {
            return nanos / 1e6;
        }
    }

    /** median, p90 (nearest rank), min and max, and every run. */
    static String stats(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double p90 = sorted[Math.max(0, (int) Math.ceil(0.9 * sorted.length) - 1)];
        return String.format(
                Locale.ROOT,
                "median %.1f p90 %.1f (min %.1f max %.1f)",
                median(values),
                p90,
                sorted[0],
                sorted[sorted.length - 1]);
    }

    private static void rawStdin(List<String> prefix, String stdin, String... command) throws IOException {
        var argv = new ArrayList<>(prefix);
        argv.addAll(List.of(command));
        new ProcessRunner(List.of(), WireGuardNetns.TIMEOUT).run(argv, stdin.getBytes(StandardCharsets.US_ASCII));
    }

    private static double iperf(WireGuardNetns client, int seconds) throws IOException {
        var runner = new ProcessRunner(client.prefix(), java.time.Duration.ofSeconds(seconds + 30L));
        String json = runner.run(List.of("iperf3", "-c", SERVICE, "-t", Integer.toString(seconds), "-J"), null);
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
