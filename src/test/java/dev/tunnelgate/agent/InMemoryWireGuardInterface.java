package dev.tunnelgate.agent;

import dev.tunnelgate.agent.PeerChange.Remove;
import dev.tunnelgate.agent.PeerChange.Upsert;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The seam without an OS, for fast tests of agent logic; counts applies so tests can assert "nothing to do". */
class InMemoryWireGuardInterface implements WireGuardInterface {
    private final String publicKey;
    private final int listenPort;
    private final Map<String, PeerState> peers = new HashMap<>();
    private final List<List<PeerChange>> applied = new ArrayList<>();

    InMemoryWireGuardInterface(String publicKey, int listenPort) {
        this.publicKey = publicKey;
        this.listenPort = listenPort;
    }

    @Override
    public synchronized InterfaceState read() {
        return new InterfaceState(publicKey, listenPort, peers);
    }

    private boolean failing;

    @Override
    public synchronized void apply(List<PeerChange> changes) throws IOException {
        if (failing) {
            throw new IOException("`wg set` exited with 1: Unable to modify interface: Operation not permitted");
        }
        applied.add(List.copyOf(changes));
        for (PeerChange change : changes) {
            switch (change) {
                case Remove remove -> peers.remove(remove.publicKey());
                case Upsert upsert -> {
                    var spec = upsert.spec();
                    PeerState old = peers.get(spec.publicKey());
                    // Like wg: counters and handshake survive an update; only key material and routes change.
                    peers.put(
                            spec.publicKey(),
                            new PeerState(
                                    spec.publicKey(),
                                    PresharedKeyDigest.of(spec.presharedKey()),
                                    spec.allowedIps(),
                                    old == null ? null : old.endpoint(),
                                    old == null ? null : old.latestHandshake(),
                                    old == null ? 0 : old.rxBytes(),
                                    old == null ? 0 : old.txBytes()));
                }
            }
        }
    }

    @Override
    public synchronized void setEndpoints(Map<String, String> endpoints) {
        endpointSets.add(Map.copyOf(endpoints));
        endpoints.forEach((key, endpoint) -> {
            PeerState old = peers.get(key);
            // Like wg: an unknown key becomes a peer with nothing but the endpoint.
            peers.put(
                    key,
                    new PeerState(
                            key,
                            old == null ? null : old.presharedKeyDigest(),
                            old == null ? List.of() : old.allowedIps(),
                            endpoint,
                            old == null ? null : old.latestHandshake(),
                            old == null ? 0 : old.rxBytes(),
                            old == null ? 0 : old.txBytes()));
        });
    }

    private final List<Map<String, String>> endpointSets = new ArrayList<>();

    synchronized List<Map<String, String>> endpointSets() {
        return List.copyOf(endpointSets);
    }

    /** Makes every apply fail like {@code wg} does without CAP_NET_ADMIN, until called with false. */
    synchronized void failApplies(boolean fail) {
        failing = fail;
    }

    /** Simulates a peer added by hand on the gateway, bypassing the agent. */
    synchronized void putDirectly(PeerState peer) {
        peers.put(peer.publicKey(), peer);
    }

    synchronized List<List<PeerChange>> appliedBatches() {
        return List.copyOf(applied);
    }
}
