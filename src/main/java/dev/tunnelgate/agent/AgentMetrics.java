package dev.tunnelgate.agent;

import dev.tunnelgate.protocol.DriftEntry;
import dev.tunnelgate.protocol.GatewayState;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the agent did, for {@code --metrics-listen}: the loop, the keeper and the timers record into it (cheap,
 * in memory), a scrape renders it. Nothing here names a peer: no public key, address or endpoint becomes a label.
 * Handshake ages are measured at the scrape from the handshake times of the last interface reading.
 */
final class AgentMetrics {
    /** Seconds; an apply of one delta takes milliseconds, a snapshot of 10,000 peers seconds. */
    static final double[] APPLY_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
    /** Seconds; WireGuard rekeys every 2 minutes while a peer sends, the portal calls a peer connected up to 3. */
    static final double[] HANDSHAKE_BUCKETS = {60, 120, 180, 300, 600, 1800, 3600, 10800, 86400};

    /** How a poll of the portal ended. */
    enum PollOutcome {
        /** a state, or "nothing new" */
        OK,
        /** no answer, or one for an absent portal (502, 503, 504 from a proxy) */
        UNREACHABLE,
        /** the portal answered with an error (401, 500, …) */
        REFUSED,
        /** the portal's answer could not be used: not the wire format, or a state that did not apply */
        REJECTED,
        /** the token file is unusable: nothing was sent */
        NO_CREDENTIAL
    }

    private record Reading(Instant at, int peers, long[] handshakeMillis) {}

    private final InstantSource clock;
    private final String version;
    private long desiredRevision;
    private long appliedRevision;
    private int desiredPeers;
    private final EnumMap<GatewayState.Kind, Histogram> applyDurations = new EnumMap<>(GatewayState.Kind.class);
    private long applyFailures;
    private final EnumMap<DriftEntry.Kind, Long> drift = new EnumMap<>(DriftEntry.Kind.class);
    private final EnumMap<PollOutcome, Long> polls = new EnumMap<>(PollOutcome.class);
    private @Nullable Boolean portalReachable;
    private @Nullable Instant lastSuccess;
    private @Nullable Reading reading;
    private @Nullable Boolean accessEnforced;
    private dev.tunnelgate.protocol.@Nullable EndpointRole role;
    /** Seconds; a takeover of 10,000 peers at the default rate takes 2 s. */
    static final double[] TAKEOVER_BUCKETS = {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30, 60};

    private final Histogram takeovers = new Histogram(TAKEOVER_BUCKETS);
    private long takeoverPeers;

    AgentMetrics(InstantSource clock, String version) {
        this.clock = clock;
        this.version = version;
        for (var kind : GatewayState.Kind.values()) {
            applyDurations.put(kind, new Histogram(APPLY_BUCKETS));
        }
        for (var kind : DriftEntry.Kind.values()) {
            drift.put(kind, 0L);
        }
        for (var outcome : PollOutcome.values()) {
            polls.put(outcome, 0L);
        }
    }

    /** The desired and the applied (confirmed) state, after anything that may have changed them. */
    synchronized void state(@Nullable GatewayState desired, @Nullable GatewayState applied) {
        desiredRevision = desired == null ? 0 : desired.revision();
        desiredPeers = desired == null ? 0 : desired.peers().size();
        appliedRevision = applied == null ? 0 : applied.revision();
    }

    synchronized void applied(GatewayState.Kind kind, Duration took) {
        Objects.requireNonNull(applyDurations.get(kind)).observe(took.toNanos() / 1e9);
    }

    synchronized void applyFailed() {
        applyFailures++;
    }

    synchronized void driftRepaired(List<DriftEntry> entries) {
        entries.forEach(entry -> drift.merge(entry.kind(), 1L, Long::sum));
    }

    synchronized void polled(PollOutcome outcome) {
        polls.merge(outcome, 1L, Long::sum);
        switch (outcome) {
            case OK -> {
                portalReachable = true;
                lastSuccess = clock.instant();
            }
            case REFUSED, REJECTED -> portalReachable = true;
            case UNREACHABLE -> portalReachable = false;
            case NO_CREDENTIAL -> {
                // nothing was sent: reachability is what it was
            }
        }
    }

    /** The interface as just read: its peers and their latest handshakes. */
    synchronized void interfaceRead(InterfaceState state) {
        long[] handshakes = state.peers().values().stream()
                .map(PeerState::latestHandshake)
                .filter(Objects::nonNull)
                .mapToLong(Instant::toEpochMilli)
                .toArray();
        reading = new Reading(clock.instant(), state.peers().size(), handshakes);
    }

    synchronized void role(dev.tunnelgate.protocol.@Nullable EndpointRole now) {
        role = now;
    }

    synchronized void tookOver(Duration took, int peers) {
        takeovers.observe(took.toNanos() / 1e9);
        takeoverPeers += peers;
    }

    synchronized void accessEnforced(boolean enforced) {
        accessEnforced = enforced;
    }

    /** The exposition; {@code dropped} is the firewall's drop counter, when it has one. */
    synchronized String render(Optional<Firewall.Dropped> dropped) {
        var text = new PrometheusText();
        text.family("tunnelgate_agent_info", "gauge", "The agent's version")
                .sample("tunnelgate_agent_info", 1, "version", version);
        text.family(
                        "tunnelgate_agent_applied_revision",
                        "gauge",
                        "The revision the interface was last fully brought to (the one reported to the portal)")
                .sample("tunnelgate_agent_applied_revision", appliedRevision);
        text.family(
                        "tunnelgate_agent_desired_revision",
                        "gauge",
                        "The newest revision accepted from the portal or restored from disk")
                .sample("tunnelgate_agent_desired_revision", desiredRevision);
        text.family("tunnelgate_agent_desired_peers", "gauge", "Peers of the desired state")
                .sample("tunnelgate_agent_desired_peers", desiredPeers);
        text.family(
                "tunnelgate_agent_apply_duration_seconds",
                "histogram",
                "How long applying a state from the portal took, access rules and peers");
        applyDurations.forEach((kind, histogram) -> text.histogram(
                "tunnelgate_agent_apply_duration_seconds",
                histogram,
                "kind",
                kind.name().toLowerCase(Locale.ROOT)));
        text.family("tunnelgate_agent_apply_failures_total", "counter", "States from the portal that failed to apply")
                .sample("tunnelgate_agent_apply_failures_total", applyFailures);
        text.family(
                "tunnelgate_agent_drift_repaired_total",
                "counter",
                "Differences between the interface (or the access rules) and the desired state, repaired");
        drift.forEach((kind, count) -> text.sample(
                "tunnelgate_agent_drift_repaired_total",
                count,
                "kind",
                kind.name().toLowerCase(Locale.ROOT)));
        text.family("tunnelgate_agent_polls_total", "counter", "Polls of the portal, by how they ended");
        polls.forEach((outcome, count) -> text.sample(
                "tunnelgate_agent_polls_total", count, "outcome", outcome.name().toLowerCase(Locale.ROOT)));
        if (portalReachable != null) {
            text.family(
                            "tunnelgate_agent_portal_reachable",
                            "gauge",
                            "1 when the last poll reached the portal (whatever it answered), 0 when it did not")
                    .sample("tunnelgate_agent_portal_reachable", portalReachable ? 1 : 0);
        }
        if (lastSuccess != null) {
            text.family(
                            "tunnelgate_agent_portal_last_success_timestamp_seconds",
                            "gauge",
                            "When a poll last brought a state or \"nothing new\" (Unix time)")
                    .sample("tunnelgate_agent_portal_last_success_timestamp_seconds", seconds(lastSuccess));
        }
        if (accessEnforced != null) {
            text.family(
                            "tunnelgate_agent_access_enforced",
                            "gauge",
                            "1 while access policies are enforced with nftables, 0 when not (none, failed)")
                    .sample("tunnelgate_agent_access_enforced", accessEnforced ? 1 : 0);
        }
        if (role != null) {
            text.family(
                            "tunnelgate_agent_endpoint_role",
                            "gauge",
                            "1 while this member holds the group's endpoint address (the VIP), 0 while it stands by")
                    .sample(
                            "tunnelgate_agent_endpoint_role",
                            role == dev.tunnelgate.protocol.EndpointRole.HOLDER ? 1 : 0);
            text.family(
                    "tunnelgate_agent_takeover_duration_seconds",
                    "histogram",
                    "How long setting the peers' endpoints and starting their handshakes took, per takeover of the VIP");
            text.histogram("tunnelgate_agent_takeover_duration_seconds", takeovers);
            text.family(
                            "tunnelgate_agent_takeover_peers_total",
                            "counter",
                            "Peers whose endpoint was set on taking the VIP over")
                    .sample("tunnelgate_agent_takeover_peers_total", takeoverPeers);
        }
        dropped.ifPresent(counter -> {
            text.family(
                            "tunnelgate_agent_nft_dropped_packets_total",
                            "counter",
                            "Packets from the tunnel that no grant allowed (the agent's nftables counter; it starts"
                                    + " again from 0 when the table is replaced)")
                    .sample("tunnelgate_agent_nft_dropped_packets_total", counter.packets());
            text.family(
                            "tunnelgate_agent_nft_dropped_bytes_total",
                            "counter",
                            "Bytes of the packets counted by tunnelgate_agent_nft_dropped_packets_total")
                    .sample("tunnelgate_agent_nft_dropped_bytes_total", counter.bytes());
        });
        var last = reading;
        if (last != null) {
            text.family("tunnelgate_agent_peers", "gauge", "Peers on the interface at its last reading")
                    .sample("tunnelgate_agent_peers", last.peers());
            text.family(
                            "tunnelgate_agent_peers_without_handshake",
                            "gauge",
                            "Peers on the interface that never completed a handshake, at its last reading")
                    .sample("tunnelgate_agent_peers_without_handshake", last.peers() - last.handshakeMillis().length);
            text.family(
                            "tunnelgate_agent_interface_read_timestamp_seconds",
                            "gauge",
                            "When the interface was last read (Unix time)")
                    .sample("tunnelgate_agent_interface_read_timestamp_seconds", seconds(last.at()));
            var ages = new Histogram(HANDSHAKE_BUCKETS);
            long now = clock.millis();
            for (long handshake : last.handshakeMillis()) {
                ages.observe(Math.max(0, now - handshake) / 1000.0);
            }
            text.family(
                            "tunnelgate_agent_peer_handshake_age_seconds",
                            "histogram",
                            "The peers' time since their latest handshake, now (not over time: use it without rate())")
                    .histogram("tunnelgate_agent_peer_handshake_age_seconds", ages);
        }
        return text.text();
    }

    private static double seconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }
}
