package dev.tunnelgate.agent;

import dev.tunnelgate.agent.PeerChange.Remove;
import dev.tunnelgate.agent.PeerChange.Upsert;
import dev.tunnelgate.protocol.PeerSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures the agent's cost against wireguard-go with 10,000 peers in a throw-away namespace. Not a test:
 * run by hand as root after {@code ./mvnw test-compile} with
 * {@code java -cp target/classes:target/test-classes dev.tunnelgate.agent.WireGuardBenchmark [peers]}.
 */
public final class WireGuardBenchmark {
    private static final int SINGLE_RUNS = 30;
    private static final int SNAPSHOT_RUNS = 3;

    private WireGuardBenchmark() {}

    public static void main(String[] args) throws Exception {
        WireGuardNetns.missingPrerequisite().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        List<PeerSpec> withKeys = peers(count, true);
        List<PeerSpec> withoutKeys = withKeys.stream()
                .map(p -> new PeerSpec(p.publicKey(), null, p.allowedIps()))
                .toList();
        System.out.printf("generated %d peers%n", count);
        try (var netns = WireGuardNetns.create()) {
            netns.setUp(51820, "10.100.0.1/16");
            var wg = netns.wireGuard();

            double[] snapshot = new double[SNAPSHOT_RUNS];
            double[] snapshotSet = new double[SNAPSHOT_RUNS];
            double[] syncconf = new double[SNAPSHOT_RUNS];
            Path config = writeSyncconfFile(netns, withKeys);
            for (int run = 0; run < SNAPSHOT_RUNS; run++) {
                empty(wg);
                snapshot[run] = millis(
                        () -> check(Reconciler.applySnapshot(wg, withKeys).size() == count));
                empty(wg);
                snapshotSet[run] = millis(() -> chunkedSet(netns, withoutKeys));
                check(wg.read().peers().size() == count);
                empty(wg);
                syncconf[run] =
                        millis(() -> raw(netns.prefix(), "wg", "syncconf", netns.interfaceName(), config.toString()));
                check(wg.read().peers().size() == count);
            }
            empty(wg);
            Reconciler.applySnapshot(wg, withKeys);
            double noop =
                    millis(() -> check(Reconciler.applySnapshot(wg, withKeys).isEmpty()));
            double removeAll = millis(() -> empty(wg));
            Reconciler.applySnapshot(wg, withKeys);

            double[] rawSet = new double[SINGLE_RUNS];
            double[] rawSetNoPrefix = new double[SINGLE_RUNS];
            double[] applyOne = new double[SINGLE_RUNS];
            for (int run = 0; run < SINGLE_RUNS; run++) {
                PeerSpec target = withKeys.get(run);
                String ip = "10.101.%d.%d/32".formatted(run / 250, run % 250 + 1);
                rawSet[run] = millis(() -> raw(
                        netns.prefix(),
                        "wg",
                        "set",
                        netns.interfaceName(),
                        "peer",
                        target.publicKey(),
                        "allowed-ips",
                        ip));
                // wg finds wireguard-go's socket in the shared /var/run/wireguard, so it works without the netns
                // prefix.
                rawSetNoPrefix[run] = millis(() -> raw(
                        List.of(), "wg", "set", netns.interfaceName(), "peer", target.publicKey(), "allowed-ips", ip));
                var moved = new PeerSpec(
                        target.publicKey(),
                        TestKeys.presharedKey(),
                        List.of("10.102.%d.%d/32".formatted(run / 250, run % 250 + 1)));
                applyOne[run] = millis(() -> wg.apply(List.of(new Upsert(moved))));
            }
            check(wg.read().peers().size() == count);

            System.out.printf(
                    "wireguard-go interface with %d peers (each with 2 allowed IPs), commands via `ip netns exec`%n",
                    count);
            System.out.printf(
                    "(a) one peer, median of %d: raw `wg set <if> peer K allowed-ips X` %.1f ms; WgCommandInterface.apply(Upsert with PSK) %.1f ms%n",
                    SINGLE_RUNS, median(rawSet), median(applyOne));
            System.out.printf("    the same raw `wg set` without `ip netns exec` %.1f ms%n", median(rawSetNoPrefix));
            System.out.printf(
                    "(b) full snapshot from empty, median of %d: Reconciler.applySnapshot with PSKs (wg addconf /dev/stdin) %.0f ms; "
                            + "the alternative, raw `wg set` calls of %d peers each (no PSKs: wg set takes one per call) %.0f ms; raw `wg syncconf <if> <file>` with PSKs %.0f ms%n",
                    SNAPSHOT_RUNS,
                    median(snapshot),
                    WgCommandInterface.MAX_PEERS_PER_SET,
                    median(snapshotSet),
                    median(syncconf));
            System.out.printf(
                    "    snapshot already in sync (read + diff, nothing applied) %.0f ms; removing all %d peers %.0f ms%n",
                    noop, count, removeAll);
            System.out.printf(
                    "    runs: applySnapshot %s, chunked wg set %s, syncconf %s%n",
                    Arrays.toString(snapshot), Arrays.toString(snapshotSet), Arrays.toString(syncconf));
        }
    }

    private static List<PeerSpec> peers(int count, boolean presharedKeys) {
        var peers = new ArrayList<PeerSpec>(count);
        for (int i = 0; i < count; i++) {
            int host = i + 2;
            peers.add(new PeerSpec(
                    TestKeys.publicKey(),
                    presharedKeys ? TestKeys.presharedKey() : null,
                    List.of("10.100.%d.%d/32".formatted(host / 256, host % 256), "fd64::%x/128".formatted(host))));
        }
        return peers;
    }

    /** What applySnapshot would cost through wg set alone: argv chunks as WgCommandInterface bounds them. */
    private static void chunkedSet(WireGuardNetns netns, List<PeerSpec> peers) throws IOException {
        for (int from = 0; from < peers.size(); from += WgCommandInterface.MAX_PEERS_PER_SET) {
            var command = new ArrayList<>(List.of("wg", "set", netns.interfaceName()));
            for (PeerSpec peer :
                    peers.subList(from, Math.min(peers.size(), from + WgCommandInterface.MAX_PEERS_PER_SET))) {
                command.addAll(List.of("peer", peer.publicKey(), "allowed-ips", String.join(",", peer.allowedIps())));
            }
            raw(netns.prefix(), command.toArray(String[]::new));
        }
    }

    /** The same peers as a complete config; syncconf needs the private key, or it wipes it (verified). */
    public static Path writeSyncconfFile(WireGuardNetns netns, List<PeerSpec> peers) throws IOException {
        Path file = netns.privateKeyFile().resolveSibling("syncconf.conf");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        var text = new StringBuilder("[Interface]\nPrivateKey = ")
                .append(Files.readString(netns.privateKeyFile()).strip())
                .append("\nListenPort = 51820\n\n");
        text.append(new String(WgCommandInterface.config(peers), StandardCharsets.US_ASCII));
        Files.writeString(file, text);
        return file;
    }

    public static void empty(WireGuardInterface wg) throws IOException {
        wg.apply(
                wg.read().peers().keySet().stream().<PeerChange>map(Remove::new).toList());
        check(wg.read().peers().isEmpty());
    }

    public static void raw(List<String> prefix, String... command) throws IOException {
        var argv = new ArrayList<>(prefix);
        argv.addAll(List.of(command));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + ": " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public interface Action {
        void run() throws IOException;
    }

    public static double millis(Action action) throws IOException {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1e6;
    }

    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1
                ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    public static void check(boolean condition) {
        if (!condition) {
            throw new IllegalStateException("benchmark precondition failed");
        }
    }
}
