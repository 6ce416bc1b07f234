package dev.tunnelgate.agent;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.protocol.GatewayState;
import dev.tunnelgate.protocol.Grant;
import dev.tunnelgate.protocol.PeerSpec;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the gateway's firewall should hold for a desired state: every grant a peer names, and for each peer's
 * tunnel address (its {@code /32} and {@code /128} allowed IPs) the grant it reaches through. Addresses of peers
 * without a grant have no element: they reach nothing. Sorted, so rendering is reproducible.
 *
 * @param grants   by key
 * @param elements tunnel address (canonical, without length) to grant key, IPv4 and IPv6 alike
 * @param owners   tunnel address of every peer, with or without grant, to its public key (for drift reports)
 */
record AccessTable(SortedMap<String, Grant> grants, SortedMap<String, String> elements, Map<String, String> owners) {
    static final AccessTable EMPTY = new AccessTable(new TreeMap<>(), new TreeMap<>(), Map.of());

    AccessTable {
        grants = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(grants));
        elements = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(elements));
        owners = Map.copyOf(owners);
    }

    static AccessTable of(GatewayState state) {
        var grants = new TreeMap<String, Grant>();
        var elements = new TreeMap<String, String>();
        var owners = new java.util.HashMap<String, String>();
        for (PeerSpec peer : state.peers()) {
            for (String address : addresses(peer)) {
                owners.put(address, peer.publicKey());
                if (peer.grant() != null) {
                    elements.put(address, peer.grant());
                }
            }
            if (peer.grant() != null) {
                Grant grant = state.grants().get(peer.grant());
                if (grant == null) {
                    throw new IllegalArgumentException("peer " + peer.publicKey() + " names an unknown grant");
                }
                grants.put(peer.grant(), grant);
            }
        }
        return new AccessTable(grants, elements, owners);
    }

    /**
     * The table after {@code delta} took {@code previous} to {@code next}: only the peers the delta names are looked
     * at, so one changed device costs the same with 10 peers as with 10,000.
     */
    AccessTable after(GatewayState previous, GatewayState delta, GatewayState next) {
        var byKey = new java.util.HashMap<String, PeerSpec>();
        previous.peers().forEach(peer -> byKey.put(peer.publicKey(), peer));
        var elements = new TreeMap<>(this.elements);
        var owners = new java.util.HashMap<>(this.owners);
        var touched = new java.util.ArrayList<>(delta.removed());
        delta.peers().forEach(peer -> touched.add(peer.publicKey()));
        for (String key : touched) {
            PeerSpec old = byKey.get(key);
            if (old != null) {
                for (String address : addresses(old)) {
                    elements.remove(address);
                    owners.remove(address);
                }
            }
        }
        for (PeerSpec peer : delta.peers()) {
            for (String address : addresses(peer)) {
                owners.put(address, peer.publicKey());
                if (peer.grant() != null) {
                    elements.put(address, peer.grant());
                }
            }
        }
        return new AccessTable(new TreeMap<>(next.grants()), elements, owners);
    }

    /** The peer's tunnel addresses: its host prefixes, canonical and without length. */
    static List<String> addresses(PeerSpec peer) {
        var addresses = new java.util.ArrayList<String>();
        for (String allowed : peer.allowedIps()) {
            IpPrefix prefix = IpPrefix.parse(allowed);
            // A wider prefix is a subnet routed behind the peer, not its tunnel address.
            if (prefix.prefixLength() == prefix.address().getBitCount()) {
                addresses.add(prefix.address().toCanonicalString());
            }
        }
        return addresses;
    }

    static boolean isIPv4(String address) {
        return address.indexOf(':') < 0;
    }
}
