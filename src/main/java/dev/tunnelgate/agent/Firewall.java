package dev.tunnelgate.agent;

import dev.tunnelgate.protocol.DriftEntry;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The agent's seam to the gateway's packet filter: what each peer may reach through the interface. The real one is
 * {@link NftFirewall}; tests without nftables use an in-memory one.
 */
interface Firewall {
    /** Checks that the firewall can be used at all, before there is anything to apply (a start without state). */
    void probe();

    /** Replaces everything the firewall holds with {@code desired}, atomically. */
    void replace(AccessTable desired) throws IOException;

    /**
     * Changes only what differs from the last state applied (elements, and chains of new or unused grants); when
     * that is not possible, replaces everything and tells {@code warnings} why.
     */
    void update(AccessTable desired, Consumer<String> warnings) throws IOException;

    /** Compares the firewall with {@code desired}, repairs it, and names what differed (empty when nothing did). */
    List<DriftEntry> repair(AccessTable desired) throws IOException;

    /**
     * Why access policies are not enforced right now (no nftables, the last apply failed, turned off), for every
     * status report; empty while they are.
     */
    Optional<String> notEnforcing();

    /**
     * What the firewall dropped of the traffic from the tunnel (no grant allowed it), when it counts that; read for
     * the metrics, outside the keeper's lock, so implementations keep it free of their other state.
     */
    default Optional<Dropped> dropped() throws IOException {
        return Optional.empty();
    }

    /** A drop counter: it starts again from 0 when the firewall's rules are replaced. */
    record Dropped(long packets, long bytes) {}
}
