package dev.tunnelgate.agent;

import dev.tunnelgate.protocol.GatewayState;
import dev.tunnelgate.protocol.Grant;
import dev.tunnelgate.protocol.PeerSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What the gateway's firewall should hold for a desired state: every grant a peer names, and for each peer's tunnel
 * address (its {@code /32} and {@code /128} allowed IPs) the grant it reaches through. Addresses of peers without a
 * grant have no element: they reach nothing. Sorted, so rendering is reproducible.
 *
 * <p>Mutable on purpose: the agent keeps one table for its desired state and {@link #apply applies} each delta to it
 * in place, at a cost that depends on the peers the delta names, not on the 10,000 the table may hold. Every apply
 * takes the table to its next {@link #version}, and the addresses it touched are kept for the last
 * {@value #LOG_LIMIT} versions, so a firewall that applied an older version sends only those. The views the getters
 * return are read-only and change with the table. Not thread-safe: the agent touches it under the keeper's lock.
 */
final class AccessTable {
    static final int LOG_LIMIT = 64;

    /** By key. */
    private final TreeMap<String, Grant> grants = new TreeMap<>();
    /** Tunnel address (canonical, without length) to grant key, IPv4 and IPv6 alike. */
    private final TreeMap<String, String> elements = new TreeMap<>();
    /** Tunnel address of every peer, with or without grant, to its public key (for drift reports). */
    private final HashMap<String, String> owners = new HashMap<>();
    /** Public key to the peer's tunnel addresses: what a delta naming the peer has to take away. */
    private final HashMap<String, List<String>> addressesOf = new HashMap<>();
    /** Addresses each of the last applies touched, oldest first; the last one took the table to {@link #version}. */
    private final ArrayDeque<List<String>> log = new ArrayDeque<>();

    private long version;

    private AccessTable() {}

    /** A table without grants nor elements: nobody reaches anything. */
    static AccessTable empty() {
        return new AccessTable();
    }

    static AccessTable of(GatewayState state) {
        var table = new AccessTable();
        for (PeerSpec peer : state.peers()) {
            String grant = peer.grant();
            if (grant != null) {
                Grant known = state.grants().get(grant);
                if (known == null) {
                    throw new IllegalArgumentException("peer " + peer.publicKey() + " names an unknown grant");
                }
                table.grants.put(grant, known);
            }
            table.add(peer, null);
        }
        return table;
    }

    /** The same grants without elements nor peers (what the table's chains look like on their own). */
    AccessTable withoutElements() {
        var table = new AccessTable();
        table.grants.putAll(grants);
        return table;
    }

    SortedMap<String, Grant> grants() {
        return Collections.unmodifiableSortedMap(grants);
    }

    /** Tunnel address (canonical, without length) to grant key, IPv4 and IPv6 alike. */
    SortedMap<String, String> elements() {
        return Collections.unmodifiableSortedMap(elements);
    }

    /** Tunnel address of every peer, with or without grant, to its public key (for drift reports). */
    Map<String, String> owners() {
        return Collections.unmodifiableMap(owners);
    }

    /** How many applies this table went through since it was made. */
    long version() {
        return version;
    }

    /**
     * The addresses whose element may differ between {@code earlier} (a version of this table) and now; null when
     * that version is too old to tell (or not one of this table's), so the caller compares everything.
     */
    @Nullable
    Set<String> changedSince(long earlier) {
        long behind = version - earlier;
        if (behind < 0 || behind > log.size()) {
            return null;
        }
        var changed = new HashSet<String>();
        var newestFirst = log.descendingIterator();
        for (long i = 0; i < behind; i++) {
            changed.addAll(newestFirst.next());
        }
        return changed;
    }

    /**
     * Takes the table, in place, to what it should hold once {@code delta} made {@code next} (its grants are the
     * grants of {@code next}). Only the peers the delta names are looked at, so one changed device costs the same
     * with 10 peers as with 10,000.
     *
     * @throws IllegalArgumentException a peer of the delta names a grant {@code next} does not have; nothing changed
     */
    void apply(GatewayState delta, GatewayState next) {
        for (PeerSpec peer : delta.peers()) {
            if (peer.grant() != null && !next.grants().containsKey(peer.grant())) {
                throw new IllegalArgumentException("peer " + peer.publicKey() + " names an unknown grant");
            }
        }
        var touched = new ArrayList<String>();
        for (String key : delta.removed()) {
            remove(key, touched);
        }
        for (PeerSpec peer : delta.peers()) {
            remove(peer.publicKey(), touched);
            add(peer, touched);
        }
        // Keys are content hashes: the same keys are the same grants.
        if (!grants.keySet().equals(next.grants().keySet())) {
            grants.clear();
            grants.putAll(next.grants());
        }
        version++;
        log.addLast(List.copyOf(touched));
        if (log.size() > LOG_LIMIT) {
            log.removeFirst();
        }
    }

    private void remove(String publicKey, List<String> touched) {
        List<String> addresses = addressesOf.remove(publicKey);
        if (addresses != null) {
            for (String address : addresses) {
                // A delta may hand the address to another peer before it names this one: that peer's element
                // stays.
                if (publicKey.equals(owners.get(address))) {
                    elements.remove(address);
                    owners.remove(address);
                    touched.add(address);
                }
            }
        }
    }

    private void add(PeerSpec peer, @Nullable List<String> touched) {
        List<String> addresses = addresses(peer);
        addressesOf.put(peer.publicKey(), addresses);
        for (String address : addresses) {
            owners.put(address, peer.publicKey());
            if (peer.grant() != null) {
                elements.put(address, peer.grant());
            } else {
                elements.remove(address);
            }
            if (touched != null) {
                touched.add(address);
            }
        }
    }

    /**
     * The peer's tunnel addresses: its host prefixes, without length. Read straight from the text: {@link PeerSpec}
     * holds allowed IPs in canonical spelling ({@code IpPrefix#toString}), so no address is parsed again here.
     */
    static List<String> addresses(PeerSpec peer) {
        var addresses = new ArrayList<String>(2);
        for (String allowed : peer.allowedIps()) {
            int slash = allowed.lastIndexOf('/');
            boolean v4 = isIPv4(allowed);
            // A wider prefix is a subnet routed behind the peer, not its tunnel address.
            if (allowed.endsWith(v4 ? "/32" : "/128")) {
                addresses.add(allowed.substring(0, slash));
            }
        }
        return List.copyOf(addresses);
    }

    static boolean isIPv4(String address) {
        return address.indexOf(':') < 0;
    }
}
