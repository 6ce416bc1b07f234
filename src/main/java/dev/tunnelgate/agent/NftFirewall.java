package dev.tunnelgate.agent;

import dev.tunnelgate.protocol.DriftEntry;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    private static final Pattern COUNTER = Pattern.compile("packets ([0-9]{1,18}) bytes ([0-9]{1,18})");

    private final NftRuleset ruleset;
    private final Nft nft;
    /**
     * What the table holds as far as the agent knows (a copy: the desired table changes in place), and which table
     * and version of it that was; {@code known} is false when nothing was applied or an apply failed.
     */
    private boolean known;

    private final HashMap<String, String> appliedElements = new HashMap<>();
    private final Set<String> appliedGrants = new HashSet<>();
    private @Nullable AccessTable appliedTable;
    private long appliedVersion;
    /** The blocks {@link #expectedBlocks} made for these grant keys; rendering and parsing 300 chains is not free. */
    private @Nullable Set<String> expectedFor;

    private SortedMap<String, List<String>> expectedBlocks = new TreeMap<>();
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
        known = false;
        try {
            run(ruleset.replace(desired));
        } catch (IOException e) {
            problem = (unavailable(e) ? NOT_AVAILABLE : NOT_APPLIED) + InterfaceKeeper.message(e);
            throw e;
        }
        applied(desired);
        problem = null;
    }

    /** The table holds all of {@code desired} now. */
    private void applied(AccessTable desired) {
        appliedElements.clear();
        appliedElements.putAll(desired.elements());
        appliedGrants.clear();
        appliedGrants.addAll(desired.grants().keySet());
        appliedTable = desired;
        appliedVersion = desired.version();
        known = true;
    }

    /** The table holds {@code desired} now, which differed from what it held at most in {@code touched}. */
    private void applied(AccessTable desired, Collection<String> touched) {
        for (String address : touched) {
            String key = desired.elements().get(address);
            if (key == null) {
                appliedElements.remove(address);
            } else {
                appliedElements.put(address, key);
            }
        }
        if (!appliedGrants.equals(desired.grants().keySet())) {
            appliedGrants.clear();
            appliedGrants.addAll(desired.grants().keySet());
        }
        appliedTable = desired;
        appliedVersion = desired.version();
    }

    @Override
    public void update(AccessTable desired, Consumer<String> warnings) throws IOException {
        if (!known) {
            replace(desired);
            return;
        }
        // The table the agent changes delta by delta names the addresses it touched since what was applied; any
        // other table (or one too far ahead) is compared address by address.
        Collection<String> touched = appliedTable == desired ? desired.changedSince(appliedVersion) : null;
        if (touched == null) {
            var all = new HashSet<>(appliedElements.keySet());
            all.addAll(desired.elements().keySet());
            touched = all;
        }
        String batch = ruleset.delta(appliedGrants, appliedElements, desired, touched);
        if (batch.isEmpty()) {
            applied(desired, touched);
            return;
        }
        try {
            run(batch);
            applied(desired, touched);
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
        NftRuleset.Listing actual;
        try {
            actual = NftRuleset.parse(listing, desired.elements()::containsKey);
        } catch (IllegalArgumentException e) {
            // Something at table level the agent never writes (e.g. "flags dormant", which unhooks every chain):
            // a listing it cannot read is a table it did not make.
            LOG.log(Level.WARNING, "the table holds what the agent never writes, replacing it: " + e.getMessage());
            replace(desired);
            return List.of(DriftEntry.rules());
        }
        SortedMap<String, List<String>> expected = expectedBlocks(desired);
        var drift = new LinkedHashSet<DriftEntry>();
        boolean structure = !actual.blocks().equals(expected);
        if (structure) {
            drift.add(DriftEntry.rules());
        }
        // One pass each way with hash lookups; the verdict text of each grant is made once.
        var verdicts = new HashMap<String, String>();
        desired.elements().forEach((address, key) -> {
            String verdict = verdicts.computeIfAbsent(key, NftRuleset::verdict);
            if (!verdict.equals(actual.elements().get(address))) {
                drift.add(access(desired, address));
            }
        });
        actual.elements().forEach((address, verdict) -> {
            if (!desired.elements().containsKey(address)) {
                drift.add(access(desired, address));
            }
        });
        if (structure) {
            replace(desired);
            learnSpelling(expected);
        } else if (!drift.isEmpty()) {
            try {
                run(ruleset.elementRepair(actual.elements(), desired));
                applied(desired);
                problem = null;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "repairing elements failed, replacing the table: " + InterfaceKeeper.message(e));
                replace(desired);
            }
        } else {
            if (!known || appliedTable != desired || appliedVersion != desired.version()) {
                applied(desired);
            }
            problem = null;
        }
        return List.copyOf(drift);
    }

    private static DriftEntry access(AccessTable desired, String address) {
        String owner = desired.owners().get(address);
        return owner == null ? DriftEntry.rules() : new DriftEntry(DriftEntry.Kind.ACCESS, owner);
    }

    @Override
    public Optional<String> notEnforcing() {
        return Optional.ofNullable(problem);
    }

    /** The table's named counter of dropped packets ({@code nft list counter}); empty while there is no table. */
    @Override
    public Optional<Dropped> dropped() throws IOException {
        String listing = nft.run(List.of("nft", "list", "counter", "inet", ruleset.table(), NftRuleset.DROPPED), null);
        Matcher counter = COUNTER.matcher(listing);
        if (!counter.find()) {
            return Optional.empty();
        }
        return Optional.of(new Dropped(Long.parseLong(counter.group(1)), Long.parseLong(counter.group(2))));
    }

    private SortedMap<String, List<String>> expectedBlocks(AccessTable desired) {
        // Grant keys are content hashes: the same keys, the same chains. Spelling changes only after a replace.
        if (!desired.grants().keySet().equals(expectedFor)) {
            // Elements are compared on their own; the blocks are the same with or without them.
            expectedBlocks = NftRuleset.parse(ruleset.definition(desired.withoutElements()))
                    .blocks();
            expectedFor = Set.copyOf(desired.grants().keySet());
        }
        var blocks = new TreeMap<>(expectedBlocks);
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
