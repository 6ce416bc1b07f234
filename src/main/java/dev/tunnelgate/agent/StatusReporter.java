package dev.tunnelgate.agent;

import dev.tunnelgate.keys.KeyText;
import dev.tunnelgate.protocol.DnsCheck;
import dev.tunnelgate.protocol.DriftEntry;
import dev.tunnelgate.protocol.EndpointRole;
import dev.tunnelgate.protocol.GatewayState;
import dev.tunnelgate.protocol.PeerSpec;
import dev.tunnelgate.protocol.PeerStats;
import dev.tunnelgate.protocol.StatusReport;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Collects drift and errors between reports and sends them with the interface's statistics. Not thread-safe:
 * {@link InterfaceKeeper} calls it under its lock, which also keeps reported revisions in order.
 */
final class StatusReporter {
    private static final System.Logger LOG = System.getLogger(StatusReporter.class.getName());

    private final PortalClient portal;
    private final String agentVersion;
    private final Supplier<List<DnsCheck>> dns;
    private final List<DriftEntry> drift = new ArrayList<>();
    private final Deque<String> errors = new ArrayDeque<>();
    /** The DNS servers whose checks a portal refused to read (an older one, after a downgrade): not sent again. */
    private @Nullable List<String> dnsRefusedFor;
    /** This member's endpoint role now; null when it is not told. Read on every report. */
    private final Supplier<@Nullable EndpointRole> role;
    /** The role a portal refused to read (an older one): left out of reports until the role changes. */
    private @Nullable EndpointRole roleRefused;

    StatusReporter(PortalClient portal, String agentVersion) {
        this(portal, agentVersion, List::of);
    }

    /** @param dns the latest DNS checks, for full reports */
    StatusReporter(PortalClient portal, String agentVersion, Supplier<List<DnsCheck>> dns) {
        this(portal, agentVersion, dns, () -> null);
    }

    /** @param role this member's endpoint role, attached to every report (null: none) */
    StatusReporter(
            PortalClient portal,
            String agentVersion,
            Supplier<List<DnsCheck>> dns,
            Supplier<@Nullable EndpointRole> role) {
        this.portal = portal;
        this.agentVersion = agentVersion;
        this.dns = dns;
        this.role = role;
    }

    void drift(List<DriftEntry> entries) {
        for (DriftEntry entry : entries) {
            if (drift.size() < StatusReport.MAX_DRIFT) {
                drift.add(entry);
            }
        }
    }

    /** Keeps the latest errors; the log has them all. */
    void error(String message) {
        if (errors.size() == StatusReport.MAX_ERRORS) {
            errors.removeFirst();
        }
        errors.addLast(StatusReport.errorText(message));
    }

    /** An error that holds until it is fixed (access not enforced): once in each report, not once per call. */
    void standing(String message) {
        String text = StatusReport.errorText(message);
        if (!errors.contains(text)) {
            error(text);
        }
    }

    /**
     * Sends the revision fully applied ({@code confirmed}, never one an apply did not finish) and what the
     * interface shows now, with statistics for the peers of {@code desired}. Drift and errors are cleared once
     * the portal has taken the report, or refused it for its content (400, 409, 413, 422: the same report would
     * be refused again); a report that did not reach the portal, or that it failed to take (5xx, 401), keeps
     * them for the next one.
     */
    void send(InterfaceState current, @Nullable GatewayState confirmed, @Nullable GatewayState desired)
            throws InterruptedException {
        if (!KeyText.isKey(current.publicKey())) {
            LOG.log(Level.WARNING, "no status report: the interface has no public key yet");
            return;
        }
        // Only servers still desired: a server taken out of the networks since the last check is not reported.
        List<String> servers =
                desired == null ? List.of() : desired.interfaceConfig().dnsServers();
        List<DnsCheck> checks = dns.get().stream()
                .filter(check -> servers.contains(check.address()))
                .toList();
        List<String> checked = checks.stream().map(DnsCheck::address).toList();
        if (checked.equals(dnsRefusedFor)) {
            checks = List.of();
        }
        var report = new StatusReport(
                agentVersion,
                current.publicKey(),
                confirmed == null ? 0 : confirmed.revision(),
                confirmed == null ? null : confirmed.hash(),
                stats(current, desired),
                drift,
                List.copyOf(errors),
                true,
                checks);
        var refusal = deliverWithRole(report);
        if (refusal != null
                && refusal.status() == 400
                && String.valueOf(refusal.getMessage()).contains("unknown record 'dns'")) {
            // A portal older than DNS checks (after a downgrade, with a state from the newer one still desired): the
            // rest of the report matters more. Checks of these servers are left out until the servers change.
            dnsRefusedFor = checked;
            LOG.log(Level.WARNING, "sending the report again without its DNS checks");
            deliverWithRole(new StatusReport(
                    report.agentVersion(),
                    report.publicKey(),
                    report.appliedRevision(),
                    report.appliedHash(),
                    report.peers(),
                    report.drift(),
                    report.errors()));
        }
    }

    /**
     * The quick report right after an apply: the applied revision, without reading statistics from the interface
     * (for 10,000 peers that costs more than the apply itself); the periodic report brings them.
     */
    void acknowledge(String publicKey, GatewayState applied) throws InterruptedException {
        deliverWithRole(new StatusReport(
                agentVersion,
                publicKey,
                applied.revision(),
                applied.hash(),
                List.of(),
                drift,
                List.copyOf(errors),
                false));
    }

    /**
     * Sends the report with the role attached; a portal older than roles refuses the record: then the report goes
     * again without it, and later ones leave this role out (a new role is tried again: the portal may be upgraded).
     */
    private PortalClient.@Nullable Refused deliverWithRole(StatusReport report) throws InterruptedException {
        EndpointRole now = role.get();
        if (now == null || now == roleRefused) {
            return deliver(report);
        }
        var refusal = deliver(report.withEndpointRole(now));
        if (refusal != null
                && refusal.status() == 400
                && String.valueOf(refusal.getMessage()).contains("unknown record 'endpoint-role'")) {
            roleRefused = now;
            LOG.log(Level.WARNING, "the portal does not know endpoint roles: sending the report again without it");
            return deliver(report);
        }
        return refusal;
    }

    /** Sends the report; returns the portal's refusal, if it refused it. */
    private PortalClient.@Nullable Refused deliver(StatusReport report) throws InterruptedException {
        PortalClient.Refused refusal = null;
        try {
            portal.report(report);
            LOG.log(Level.DEBUG, () -> "reported revision " + report.appliedRevision());
        } catch (PortalClient.Refused e) {
            if (!refusedForContent(e.status())) {
                // 5xx, 401, …: the portal did not look at the report; the same report may well be taken later.
                LOG.log(Level.WARNING, "status report not taken: " + e.getMessage());
                return e;
            }
            LOG.log(Level.WARNING, "status report refused: " + e.getMessage());
            refusal = e;
        } catch (IOException e) {
            // PortalClient.Unreachable says why (refused, timed out, TLS, DNS) and where; never just "null".
            LOG.log(Level.WARNING, "status report not delivered: " + InterfaceKeeper.message(e));
            return null;
        }
        drift.clear();
        errors.clear();
        return refusal;
    }

    /** The portal read the report and turned it down for what it says: sending the same again would not help. */
    static boolean refusedForContent(int status) {
        return status == 400 || status == 409 || status == 413 || status == 422;
    }

    /** Only peers the portal asked for: a peer added by hand is drift, and the portal refuses stats for it. */
    private static List<PeerStats> stats(InterfaceState current, @Nullable GatewayState desired) {
        if (desired == null) {
            return List.of();
        }
        var stats = new ArrayList<PeerStats>();
        for (PeerSpec spec : desired.peers()) {
            PeerState peer = current.peers().get(spec.publicKey());
            if (peer != null) {
                stats.add(stats(peer));
            }
        }
        return stats;
    }

    private static PeerStats stats(PeerState peer) {
        try {
            return new PeerStats(
                    peer.publicKey(), peer.latestHandshake(), peer.rxBytes(), peer.txBytes(), peer.endpoint());
        } catch (IllegalArgumentException e) {
            // An endpoint wg prints in a shape the protocol does not carry; the counters still matter.
            return new PeerStats(peer.publicKey(), peer.latestHandshake(), peer.rxBytes(), peer.txBytes(), null);
        }
    }
}
