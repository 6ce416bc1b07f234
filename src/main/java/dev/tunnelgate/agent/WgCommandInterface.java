package dev.tunnelgate.agent;

import dev.tunnelgate.agent.PeerChange.Remove;
import dev.tunnelgate.agent.PeerChange.Upsert;
import dev.tunnelgate.keys.KeyText;
import dev.tunnelgate.protocol.PeerSpec;
import dev.tunnelgate.protocol.PeerStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A real interface driven by {@code wg}. Preshared keys travel on the child's stdin, never in argv (which
 * any local user can read in /proc) and never in a file on disk.
 */
public final class WgCommandInterface implements WireGuardInterface {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Bounds one {@code wg set} well below ARG_MAX, so huge batches become several calls instead of E2BIG. */
    static final int MAX_ARGV_CHARS = 64 * 1024;

    static final int MAX_PEERS_PER_SET = 256;
    /** All-zero key: in a config file it clears a preshared key; omitting the line would keep the old one. */
    private static final String NO_PRESHARED_KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    private static final String STDIN = "/dev/stdin";
    // wg reads an empty key file as "no preshared key".
    private static final String EMPTY_FILE = "/dev/null";

    private final String interfaceName;
    private final ProcessRunner runner;

    public WgCommandInterface(String interfaceName) {
        this(interfaceName, List.of(), DEFAULT_TIMEOUT);
    }

    /** @param commandPrefix put before every command, e.g. {@code ip netns exec <ns>} in tests; empty in production */
    public WgCommandInterface(String interfaceName, List<String> commandPrefix, Duration timeout) {
        this.interfaceName = InterfaceNames.require(interfaceName);
        this.runner = new ProcessRunner(commandPrefix, timeout);
    }

    public String interfaceName() {
        return interfaceName;
    }

    @Override
    public InterfaceState read() throws IOException {
        String dump = runner.run(List.of("wg", "show", interfaceName, "dump"), null);
        try {
            return WgDump.parse(dump);
        } catch (IllegalArgumentException e) {
            throw new IOException("unexpected output from `wg show " + interfaceName + " dump`: " + e.getMessage(), e);
        }
    }

    @Override
    public void apply(List<PeerChange> changes) throws IOException {
        for (Invocation invocation : plan(interfaceName, changes)) {
            runner.run(invocation.command(), invocation.stdin());
        }
    }

    @Override
    public void setEndpoints(Map<String, String> endpoints) throws IOException {
        for (List<String> command : endpointCommands(interfaceName, endpoints)) {
            runner.run(command, null);
        }
    }

    /** As few {@code wg set} calls as argv allows; every endpoint checked to be numeric (wg would resolve a name). */
    static List<List<String>> endpointCommands(String interfaceName, Map<String, String> endpoints) {
        var clauses = new ArrayList<List<String>>();
        endpoints.forEach((key, endpoint) -> clauses.add(List.of(
                "peer", KeyText.requireKey(key, "peer public key"), "endpoint", PeerStats.requireEndpoint(endpoint))));
        var commands = new ArrayList<List<String>>();
        for (List<List<String>> chunk : chunks(clauses)) {
            commands.add(setInvocation(interfaceName, chunk, null).command());
        }
        return commands;
    }

    /** One call of {@code wg}; {@code stdin} may hold preshared keys, so it is never printed. */
    record Invocation(List<String> command, byte @Nullable [] stdin) {
        @Override
        public String toString() {
            return "Invocation[command=" + command + ", stdin="
                    + (stdin == null ? "none" : "<" + stdin.length + " bytes>") + "]";
        }
    }

    /**
     * Turns changes into as few {@code wg} calls as the OS allows. A small batch is one {@code wg set}. But
     * {@code wg set} can read only one preshared key from stdin (the first reader drains it), and argv is
     * bounded, so larger batches remove peers with chunked {@code wg set} calls and write the rest through
     * {@code wg addconf <if> /dev/stdin}: one process, every key on stdin, the peers not named untouched.
     */
    static List<Invocation> plan(String interfaceName, List<PeerChange> changes) {
        // Only the last change per key matters; removals go first so a re-added key starts fresh.
        Map<String, PeerChange> last = new LinkedHashMap<>();
        for (PeerChange change : changes) {
            last.remove(change.publicKey());
            last.put(change.publicKey(), change);
        }
        var removes = new ArrayList<String>();
        var upserts = new ArrayList<PeerSpec>();
        for (PeerChange change : last.values()) {
            switch (change) {
                case Remove remove -> removes.add(remove.publicKey());
                case Upsert upsert -> upserts.add(upsert.spec());
            }
        }
        var removals = new ArrayList<List<String>>();
        removes.forEach(key -> removals.add(List.of("peer", key, "remove")));
        var setClauses = new ArrayList<>(removals);
        byte @Nullable [] stdin = null;
        for (PeerSpec spec : upserts) {
            setClauses.add(List.of(
                    "peer",
                    spec.publicKey(),
                    "preshared-key",
                    spec.hasPresharedKey() ? STDIN : EMPTY_FILE,
                    "allowed-ips",
                    String.join(",", spec.allowedIps())));
            if (spec.presharedKey() != null) {
                stdin = (spec.presharedKey() + "\n").getBytes(StandardCharsets.US_ASCII);
            }
        }
        long withKey = upserts.stream().filter(PeerSpec::hasPresharedKey).count();
        List<List<List<String>>> setChunks = chunks(setClauses);
        var invocations = new ArrayList<Invocation>();
        if (withKey <= 1 && setChunks.size() <= 1) {
            // The common delta (one device approved or revoked): a single wg set, a single process.
            for (List<List<String>> chunk : setChunks) {
                invocations.add(setInvocation(interfaceName, chunk, stdin));
            }
            return invocations;
        }
        // Bulk: addconf reads every peer from one stdin, measured faster than chunked wg set calls at 10k peers.
        for (List<List<String>> chunk : chunks(removals)) {
            invocations.add(setInvocation(interfaceName, chunk, null));
        }
        if (!upserts.isEmpty()) {
            invocations.add(new Invocation(List.of("wg", "addconf", interfaceName, STDIN), config(upserts)));
        }
        return invocations;
    }

    private static Invocation setInvocation(String interfaceName, List<List<String>> clauses, byte @Nullable [] stdin) {
        var command = new ArrayList<>(List.of("wg", "set", interfaceName));
        clauses.forEach(command::addAll);
        return new Invocation(List.copyOf(command), command.contains(STDIN) ? stdin : null);
    }

    private static List<List<List<String>>> chunks(List<List<String>> clauses) {
        var chunks = new ArrayList<List<List<String>>>();
        var current = new ArrayList<List<String>>();
        int chars = 0;
        for (List<String> clause : clauses) {
            int size = clause.stream().mapToInt(arg -> arg.length() + 1).sum();
            if (!current.isEmpty() && (current.size() == MAX_PEERS_PER_SET || chars + size > MAX_ARGV_CHARS)) {
                chunks.add(current);
                current = new ArrayList<>();
                chars = 0;
            }
            current.add(clause);
            chars += size;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    /** Peer sections only: with no [Interface] section addconf leaves the private key and port alone. */
    static byte[] config(List<PeerSpec> peers) {
        var text = new StringBuilder(peers.size() * 160);
        for (PeerSpec spec : peers) {
            text.append("[Peer]\nPublicKey = ")
                    .append(spec.publicKey())
                    .append("\nPresharedKey = ")
                    .append(spec.presharedKey() == null ? NO_PRESHARED_KEY : spec.presharedKey())
                    .append("\nAllowedIPs = ")
                    .append(String.join(", ", spec.allowedIps()))
                    .append("\n\n");
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
