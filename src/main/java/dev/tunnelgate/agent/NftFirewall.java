package dev.tunnelgate.agent;

import dev.tunnelgate.protocol.DriftEntry;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Access enforcement with nftables: one table, {@code inet tunnelgate_<iface>}, owned by the agent; nothing else on
 * the host is touched. A snapshot replaces the table in one {@code nft -f -} transaction; a delta changes elements
 * (and adds or drops grant chains) in one batch, which needs the agent to know what it applied (nft 1.0.6 has no
 * {@code destroy}): when it does not, or the batch fails, the table is replaced instead. {@code nft} runs from an
 * argument vector with the ruleset on stdin.
 */
final class NftFirewall implements Firewall {
    private static final System.Logger LOG = System.getLogger(NftFirewall.class.getName());
    static final String NOT_AVAILABLE = "nftables not available: access policies are NOT enforced on this gateway: ";
    static final String NOT_APPLIED =
            "applying the nftables rules failed: access policies are NOT enforced on this gateway: ";

    /** Runs {@code nft} with these arguments and stdin; returns stdout, fails unless it exits with 0. */
    interface Nft {
        String run(List<String> command, byte @Nullable [] stdin) throws IOException;
    }

    private final NftRuleset ruleset;
    private final Nft nft;
    /** What the table holds as far as the agent knows; null when unknown (nothing applied, an apply failed). */
    private @Nullable AccessTable applied;
    /**
     * Blocks as this nft prints them, where that differs from the agent's own spelling: learnt from a listing right
     * after the agent replaced the table, so a version of nft that prints a rule differently is not endless drift.
     */
    private final Map<String, List<String>> spelling = new HashMap<>();

    private @Nullable String problem;

    NftFirewall(String interfaceName, List<String> commandPrefix, Duration timeout) {
        this(interfaceName, new ProcessRunner(commandPrefix, timeout)::run);
    }

    NftFirewall(String interfaceName, Nft nft) {
        this.ruleset = new NftRuleset(interfaceName);
        this.nft = nft;
    }

    String table() {
        return ruleset.table();
    }

    /** Whether nft can list tables here; records why not for every report. */
    @Override
    public void probe() {
        try {
            nft.run(List.of("nft", "list", "tables"), null);
        } catch (IOException e) {
            problem = NOT_AVAILABLE + InterfaceKeeper.message(e);
        }
    }

    @Override
    public void replace(AccessTable desired) throws IOException {
        applied = null;
        try {
            run(ruleset.replace(desired));
        } catch (IOException e) {
            problem = (unavailable(e) ? NOT_AVAILABLE : NOT_APPLIED) + InterfaceKeeper.message(e);
            throw e;
        }
        applied = desired;
        problem = null;
    }

    @Override
    public void update(AccessTable desired, Consumer<String> warnings) throws IOException {
        AccessTable known = applied;
        if (known == null) {
            replace(desired);
            return;
        }
        String batch = ruleset.delta(known, desired);
        if (batch.isEmpty()) {
            applied = desired;
            return;
        }
        try {
            run(batch);
            applied = desired;
            problem = null;
        } catch (IOException e) {
            String text =
                    "changing the access rules failed, the whole table is replaced: " + InterfaceKeeper.message(e);
            LOG.log(Level.WARNING, text);
            warnings.accept(text);
            replace(desired);
        }
    }

    @Override
    public List<DriftEntry> repair(AccessTable desired) throws IOException {
        String listing;
        try {
            listing = list();
        } catch (IOException e) {
            if (!missingTable(e)) {
                problem = NOT_AVAILABLE + InterfaceKeeper.message(e);
                throw e;
            }
            replace(desired);
            return List.of(DriftEntry.rules());
        }
        NftRuleset.Listing actual = NftRuleset.parse(listing);
        SortedMap<String, List<String>> expected = expectedBlocks(desired);
        var drift = new LinkedHashSet<DriftEntry>();
        boolean structure = !actual.blocks().equals(expected);
        if (structure) {
            drift.add(DriftEntry.rules());
        }
        var wanted = new TreeMap<String, String>();
        desired.elements().forEach((address, key) -> wanted.put(address, NftRuleset.verdict(key)));
        var addresses = new TreeSet<>(wanted.keySet());
        addresses.addAll(actual.elements().keySet());
        for (String address : addresses) {
            if (!java.util.Objects.equals(wanted.get(address), actual.elements().get(address))) {
                String owner = desired.owners().get(address);
                drift.add(owner == null ? DriftEntry.rules() : new DriftEntry(DriftEntry.Kind.ACCESS, owner));
            }
        }
        if (structure) {
            replace(desired);
            learnSpelling(expected);
        } else if (!drift.isEmpty()) {
            try {
                run(ruleset.elementRepair(actual.elements(), desired));
                applied = desired;
                problem = null;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "repairing elements failed, replacing the table: " + InterfaceKeeper.message(e));
                replace(desired);
            }
        } else {
            applied = desired;
            problem = null;
        }
        return List.copyOf(drift);
    }

    @Override
    public Optional<String> notEnforcing() {
        return Optional.ofNullable(problem);
    }

    private SortedMap<String, List<String>> expectedBlocks(AccessTable desired) {
        // Elements are compared on their own; the blocks are the same with or without them.
        var withoutElements = new AccessTable(desired.grants(), new TreeMap<>(), Map.of());
        var blocks = new TreeMap<>(
                NftRuleset.parse(ruleset.definition(withoutElements)).blocks());
        spelling.forEach((name, body) -> blocks.computeIfPresent(name, (n, own) -> body));
        return blocks;
    }

    /** After a replace, blocks nft still prints differently from the agent's spelling are nft's way of writing them. */
    private void learnSpelling(SortedMap<String, List<String>> expected) {
        try {
            var printed = NftRuleset.parse(list()).blocks();
            var learnt = new ArrayList<String>();
            printed.forEach((name, body) -> {
                if (expected.containsKey(name) && !expected.get(name).equals(body)) {
                    spelling.put(name, body);
                    learnt.add(name);
                }
            });
            if (!learnt.isEmpty()) {
                LOG.log(
                        Level.INFO,
                        "nft prints " + learnt + " in a spelling of its own; comparing with that from now on");
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "listing the replaced table failed: " + e.getMessage());
        }
    }

    private String list() throws IOException {
        return nft.run(List.of("nft", "list", "table", "inet", ruleset.table()), null);
    }

    private void run(String batch) throws IOException {
        nft.run(List.of("nft", "-f", "-"), batch.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean missingTable(IOException e) {
        return String.valueOf(e.getMessage()).contains("No such file or directory");
    }

    /** The binary is missing (ProcessBuilder cannot start it) or the kernel has no nf_tables. */
    private static boolean unavailable(IOException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("Cannot run program") || message.contains("Protocol not supported");
    }
}
