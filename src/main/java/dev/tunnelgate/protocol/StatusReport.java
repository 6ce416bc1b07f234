package dev.tunnelgate.protocol;

import dev.tunnelgate.keys.KeyText;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What an agent tells the portal: which revision it applied (and the hash of what it applied), the interface's
 * public key, per-peer statistics, the drift it found and repaired since the last report, and its errors.
 *
 * @param appliedRevision 0 before anything was applied
 * @param appliedHash     null before anything was applied
 * @param statsIncluded   false for the quick acknowledgement right after an apply: it carries no statistics (reading
 *                        them from a 10,000-peer interface costs more than the apply), so {@code peers} is empty and
 *                        the portal keeps the statistics of the last full report
 * @param dns             whether DNS answers at the DNS servers the portal sent (full reports only; empty when the
 *                        networks set none, or for a portal that sent none)
 * @param endpointRole    whether this member holds the group's endpoint address now; null from an agent that is not
 *                        told (no {@code --vip}, no keepalived notify)
 */
public record StatusReport(
        String agentVersion,
        String publicKey,
        long appliedRevision,
        @Nullable String appliedHash,
        List<PeerStats> peers,
        List<DriftEntry> drift,
        List<String> errors,
        boolean statsIncluded,
        List<DnsCheck> dns,
        @Nullable EndpointRole endpointRole) {
    public static final int MAX_ERRORS = 20;
    public static final int MAX_ERROR_LENGTH = 500;
    public static final int MAX_DRIFT = 1000;
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._+-]{1,40}");

    public StatusReport {
        if (!VERSION.matcher(Objects.requireNonNull(agentVersion, "agentVersion"))
                .matches()) {
            throw new IllegalArgumentException("agent version must be 1-40 characters of letters, digits and ._+-");
        }
        KeyText.requireKey(Objects.requireNonNull(publicKey, "publicKey"), "interface public key");
        if (appliedRevision < 0) {
            throw new IllegalArgumentException("applied revision must not be negative");
        }
        if (appliedHash != null) {
            PeerSetHash.requireHash(appliedHash);
        }
        peers = List.copyOf(peers);
        drift = List.copyOf(drift);
        errors = List.copyOf(errors);
        if (drift.size() > MAX_DRIFT) {
            throw new IllegalArgumentException("at most " + MAX_DRIFT + " drift entries per report");
        }
        if (errors.size() > MAX_ERRORS) {
            throw new IllegalArgumentException("at most " + MAX_ERRORS + " errors per report");
        }
        for (String error : errors) {
            if (error.isEmpty()
                    || error.length() > MAX_ERROR_LENGTH
                    || error.codePoints().anyMatch(StatusReport::unsafe)) {
                throw new IllegalArgumentException(
                        "an error must be one line of 1-" + MAX_ERROR_LENGTH + " characters");
            }
        }
        if (!statsIncluded && !peers.isEmpty()) {
            throw new IllegalArgumentException("a report without statistics names no peers");
        }
        var keys = new HashSet<String>();
        for (PeerStats peer : peers) {
            if (!keys.add(peer.publicKey())) {
                throw new IllegalArgumentException("peer " + peer.publicKey() + " is reported twice");
            }
        }
        dns = List.copyOf(dns);
        if (dns.size() > InterfaceConfig.MAX_DNS_SERVERS) {
            throw new IllegalArgumentException("at most " + InterfaceConfig.MAX_DNS_SERVERS + " DNS checks per report");
        }
        if (!statsIncluded && !dns.isEmpty()) {
            throw new IllegalArgumentException("a report without statistics carries no DNS checks");
        }
        if (dns.stream().map(DnsCheck::address).distinct().count() != dns.size()) {
            throw new IllegalArgumentException("a DNS server is checked twice");
        }
    }

    /** A report without an endpoint role. */
    public StatusReport(
            String agentVersion,
            String publicKey,
            long appliedRevision,
            @Nullable String appliedHash,
            List<PeerStats> peers,
            List<DriftEntry> drift,
            List<String> errors,
            boolean statsIncluded,
            List<DnsCheck> dns) {
        this(agentVersion, publicKey, appliedRevision, appliedHash, peers, drift, errors, statsIncluded, dns, null);
    }

    /** The same report with an endpoint role (null: none). */
    public StatusReport withEndpointRole(@Nullable EndpointRole role) {
        return new StatusReport(
                agentVersion, publicKey, appliedRevision, appliedHash, peers, drift, errors, statsIncluded, dns, role);
    }

    /** A report without DNS checks. */
    public StatusReport(
            String agentVersion,
            String publicKey,
            long appliedRevision,
            @Nullable String appliedHash,
            List<PeerStats> peers,
            List<DriftEntry> drift,
            List<String> errors,
            boolean statsIncluded) {
        this(agentVersion, publicKey, appliedRevision, appliedHash, peers, drift, errors, statsIncluded, List.of());
    }

    /** A full report, with statistics. */
    public StatusReport(
            String agentVersion,
            String publicKey,
            long appliedRevision,
            @Nullable String appliedHash,
            List<PeerStats> peers,
            List<DriftEntry> drift,
            List<String> errors) {
        this(agentVersion, publicKey, appliedRevision, appliedHash, peers, drift, errors, true);
    }

    /** Control, format (bidirectional overrides, zero-width) and line or paragraph separator characters. */
    private static boolean unsafe(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c)
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** Makes arbitrary text (an exception message) fit into a report's error list. */
    public static String errorText(String text) {
        var clean = new StringBuilder();
        text.codePoints().forEach(c -> clean.appendCodePoint(unsafe(c) ? ' ' : c));
        String line = clean.toString().strip();
        if (line.isEmpty()) {
            return "(no message)";
        }
        return line.length() <= MAX_ERROR_LENGTH ? line : line.substring(0, MAX_ERROR_LENGTH - 1) + "…";
    }
}
