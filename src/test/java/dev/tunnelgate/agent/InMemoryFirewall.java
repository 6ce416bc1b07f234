package dev.tunnelgate.agent;

import dev.tunnelgate.protocol.DriftEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The firewall seam without nftables: holds the elements and grants it was given, records how they got there
 * (replace or update) and can be made to fail like a host without nft.
 */
final class InMemoryFirewall implements Firewall {
    private TreeMap<String, String> elements = new TreeMap<>();
    private TreeSet<String> grants = new TreeSet<>();
    private final List<String> operations = new ArrayList<>();
    private @Nullable String failure;
    private @Nullable String problem;

    @Override
    public synchronized void probe() {
        problem = failure == null ? null : NftFirewall.NOT_AVAILABLE + failure;
    }

    @Override
    public synchronized void replace(AccessTable desired) throws IOException {
        fail();
        operations.add("replace");
        elements = new TreeMap<>(desired.elements());
        grants = new TreeSet<>(desired.grants().keySet());
    }

    @Override
    public synchronized void update(AccessTable desired, Consumer<String> warnings) throws IOException {
        fail();
        operations.add("update");
        elements = new TreeMap<>(desired.elements());
        grants = new TreeSet<>(desired.grants().keySet());
    }

    @Override
    public synchronized List<DriftEntry> repair(AccessTable desired) throws IOException {
        fail();
        var drift = new LinkedHashSet<DriftEntry>();
        if (!grants.equals(desired.grants().keySet())) {
            drift.add(DriftEntry.rules());
        }
        var addresses = new TreeSet<>(elements.keySet());
        addresses.addAll(desired.elements().keySet());
        for (String address : addresses) {
            if (!Objects.equals(elements.get(address), desired.elements().get(address))) {
                String owner = desired.owners().get(address);
                drift.add(owner == null ? DriftEntry.rules() : new DriftEntry(DriftEntry.Kind.ACCESS, owner));
            }
        }
        if (!drift.isEmpty()) {
            operations.add("repair");
            elements = new TreeMap<>(desired.elements());
            grants = new TreeSet<>(desired.grants().keySet());
        }
        return List.copyOf(drift);
    }

    @Override
    public synchronized Optional<String> notEnforcing() {
        return Optional.ofNullable(problem);
    }

    /** Counts no traffic (there is none): the counter nft keeps, at zero, or none while failing like a host without nft. */
    @Override
    public synchronized Optional<Dropped> dropped() throws IOException {
        if (failure != null) {
            throw new IOException(failure);
        }
        return Optional.of(new Dropped(0, 0));
    }

    private void fail() throws IOException {
        if (failure != null) {
            problem = NftFirewall.NOT_AVAILABLE + failure;
            throw new IOException(failure);
        }
        problem = null;
    }

    /** Fails every call like a host without nft, until called with null. */
    synchronized void failWith(@Nullable String message) {
        failure = message;
    }

    /** Changes an element behind the agent's back, like `nft delete element` by hand (null verdict: delete). */
    synchronized void putDirectly(String address, @Nullable String grantKey) {
        if (grantKey == null) {
            elements.remove(address);
        } else {
            elements.put(address, grantKey);
        }
    }

    synchronized TreeMap<String, String> elements() {
        return new TreeMap<>(elements);
    }

    synchronized List<String> operations() {
        return List.copyOf(operations);
    }
}
