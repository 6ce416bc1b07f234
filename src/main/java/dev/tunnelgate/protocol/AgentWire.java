package dev.tunnelgate.protocol;

import dev.tunnelgate.ip.IpPrefix;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The text form of what portal and agent exchange ({@value #MEDIA_TYPE}): one record per line, words separated
 * by one space, a version line first and {@code end} last so that a truncated body is never mistaken for a
 * complete one. Keys are base64 and prefixes canonical, so no value can contain a space or a line break; the one
 * free-text value (an error) runs to the end of its line and is checked to be a single line.
 * <pre>
 * tunnelgate-state 1          tunnelgate-status 1
 * revision 42                 agent-version 0.1.0
 * kind delta                  public-key &lt;key&gt;
 * since 40                    applied-revision 42
 * hash &lt;sha-256 hex&gt;          applied-hash &lt;sha-256 hex&gt;
 *                             stats omitted    (only in the quick acknowledgement after an apply)
 * listen-port 51820           stat &lt;key&gt; &lt;handshake epoch s|-&gt; &lt;rx&gt; &lt;tx&gt; &lt;endpoint|-&gt;
 * address 10.10.0.1/16        drift extra &lt;key&gt;
 * dns 10.10.0.53              dns 10.10.0.53 ok|tcp-only|no-answer
 * peer &lt;key&gt; &lt;psk|-&gt; &lt;ip&gt;,&lt;ip&gt; &lt;grant|-&gt;
 *                             error &lt;one line of text&gt;
 * grant &lt;grant&gt; tcp 443,8000-8080 10.1.0.0/16,fd00:1::/64
 * remove &lt;key&gt;                end
 * end
 * </pre>
 * A grant may take several {@code grant} lines (one per rule, and a rule with many prefixes split over lines);
 * the decoder joins them and checks that they hash to the grant's key.
 * {@code dns} came later: a portal sends it only to an agent that asks ({@code dns=true}), since older agents refuse
 * a record they do not know, and an agent reports DNS checks only for servers a portal sent it, so an older portal
 * never sees one.
 * Decoding throws {@link IllegalArgumentException} with a message that names the line, never its content
 * (a line may hold a preshared key).
 */
public final class AgentWire {
    public static final String MEDIA_TYPE = "text/plain;charset=utf-8";
    public static final int MAX_LINE_LENGTH = 64 * 1024;
    private static final String STATE_HEADER = "tunnelgate-state 1";
    private static final String STATUS_HEADER = "tunnelgate-status 1";
    private static final String END = "end";
    /** Stands for an absent value (no preshared key, no handshake yet, no endpoint). */
    private static final String NONE = "-";
    // The records' keywords, one constant each for encoder and decoder.
    private static final String REVISION = "revision";
    private static final String KIND = "kind";
    private static final String SINCE = "since";
    private static final String HASH = "hash";
    private static final String LISTEN_PORT = "listen-port";
    private static final String ADDRESS = "address";
    private static final String PEER = "peer";
    private static final String REMOVE = "remove";
    private static final String GRANT = "grant";
    private static final String DNS = "dns";
    /** Prefixes per {@code grant} line: keeps the longest line (IPv6 /128s) well under {@link #MAX_LINE_LENGTH}. */
    static final int PREFIXES_PER_LINE = 500;

    private static final String AGENT_VERSION = "agent-version";
    private static final String PUBLIC_KEY = "public-key";
    private static final String APPLIED_REVISION = "applied-revision";
    private static final String APPLIED_HASH = "applied-hash";
    private static final String STATS = "stats";
    private static final String STATS_INCLUDED = "included";
    private static final String STATS_OMITTED = "omitted";
    private static final String STAT = "stat";
    private static final String DRIFT = "drift";
    private static final String ERROR = "error";
    private static final String ENDPOINT_ROLE = "endpoint-role";
    private static final String ENDPOINTS_HEADER = "tunnelgate-endpoints 1";
    private static final String ENDPOINT = "endpoint";
    private static final Words<EndpointRole> ROLES = new Words<>(EndpointRole.class, ENDPOINT_ROLE);
    private static final Words<GatewayState.Kind> KINDS = new Words<>(GatewayState.Kind.class, KIND);
    private static final Words<DriftEntry.Kind> DRIFT_KINDS = new Words<>(DriftEntry.Kind.class, "drift kind");
    private static final Words<AccessProtocol> PROTOCOLS = new Words<>(AccessProtocol.class, "protocol");
    private static final Words<DnsCheck.Outcome> DNS_OUTCOMES = new Words<>(DnsCheck.Outcome.class, "DNS outcome");

    private AgentWire() {}

    public static String encode(GatewayState state) {
        var out = new StringBuilder(128 + state.peers().size() * 140);
        out.append(STATE_HEADER).append('\n');
        line(out, REVISION, Long.toString(state.revision()));
        line(out, KIND, KINDS.word(state.kind()));
        if (state.kind() == GatewayState.Kind.DELTA) {
            line(out, SINCE, Long.toString(state.since()));
        }
        line(out, HASH, state.hash());
        line(out, LISTEN_PORT, Integer.toString(state.interfaceConfig().listenPort()));
        state.interfaceConfig().addresses().forEach(address -> line(out, ADDRESS, address));
        state.interfaceConfig().dnsServers().forEach(server -> line(out, DNS, server));
        for (PeerSpec peer : state.peers()) {
            line(
                    out,
                    PEER,
                    peer.publicKey()
                            + ' '
                            + orNone(peer.presharedKey())
                            + ' '
                            + String.join(",", peer.allowedIps())
                            + ' '
                            + orNone(peer.grant()));
        }
        state.grants().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            for (AccessRule rule : entry.getValue().rules()) {
                var prefixes = rule.prefixes();
                for (int from = 0; from < prefixes.size(); from += PREFIXES_PER_LINE) {
                    var chunk = prefixes.subList(from, Math.min(prefixes.size(), from + PREFIXES_PER_LINE));
                    line(
                            out,
                            GRANT,
                            entry.getKey()
                                    + ' '
                                    + PROTOCOLS.word(rule.protocol())
                                    + ' '
                                    + rule.portsText()
                                    + ' '
                                    + String.join(
                                            ",",
                                            chunk.stream()
                                                    .map(IpPrefix::toString)
                                                    .toList()));
                }
            }
        });
        state.removed().forEach(key -> line(out, REMOVE, key));
        return out.append(END).append('\n').toString();
    }

    public static GatewayState decodeState(String text) {
        var lines = new Lines(text, STATE_HEADER);
        var singles = new HashMap<String, String>();
        var addresses = new ArrayList<String>();
        var dnsServers = new ArrayList<String>();
        var peers = new ArrayList<PeerSpec>();
        var removed = new ArrayList<String>();
        var rules = new LinkedHashMap<String, List<AccessRule>>();
        for (String[] next = lines.next(); next != null; next = lines.next()) {
            String[] words = next;
            switch (words[0]) {
                case REVISION, KIND, SINCE, HASH, LISTEN_PORT -> lines.single(singles, words, 2);
                case ADDRESS -> addresses.add(lines.arity(words, 2)[1]);
                case DNS -> {
                    lines.arity(words, 2);
                    if (dnsServers.size() == InterfaceConfig.MAX_DNS_SERVERS) {
                        throw lines.error("more than " + InterfaceConfig.MAX_DNS_SERVERS + " DNS servers");
                    }
                    dnsServers.add(lines.valid(() -> DnsCheck.canonicalAddress(words[1])));
                }
                case PEER -> {
                    lines.arity(words, 5);
                    peers.add(lines.valid(() -> new PeerSpec(
                            words[1],
                            noneAsNull(words[2]),
                            Arrays.asList(words[3].split(",", -1)),
                            noneAsNull(words[4]))));
                }
                case GRANT -> {
                    lines.arity(words, 5);
                    var rule = lines.valid(() -> new AccessRule(
                            PROTOCOLS.parse(words[2]),
                            "-".equals(words[3])
                                    ? List.of()
                                    : Arrays.stream(words[3].split(",", -1))
                                            .map(PortRange::parse)
                                            .toList(),
                            Arrays.stream(words[4].split(",", -1))
                                    .map(IpPrefix::parseNetwork)
                                    .toList()));
                    rules.computeIfAbsent(lines.valid(() -> Grant.requireKey(words[1])), k -> new ArrayList<>())
                            .add(rule);
                }
                case REMOVE -> removed.add(lines.arity(words, 2)[1]);
                default -> throw lines.error("unknown record '" + Lines.printable(words[0]) + "'");
            }
        }
        return whole(() -> {
            var kind = KINDS.parse(lines.required(singles, KIND));
            long since = kind == GatewayState.Kind.DELTA ? number(lines.required(singles, SINCE)) : 0;
            if (kind == GatewayState.Kind.SNAPSHOT && singles.containsKey(SINCE)) {
                throw new IllegalArgumentException("a snapshot has no base revision");
            }
            var config = new InterfaceConfig(
                    (int) Math.min(Integer.MAX_VALUE, number(lines.required(singles, LISTEN_PORT))),
                    addresses,
                    dnsServers);
            var grants = new HashMap<String, Grant>();
            rules.forEach((key, list) -> grants.put(key, new Grant(list)));
            var state = new GatewayState(
                    number(lines.required(singles, REVISION)),
                    kind,
                    since,
                    lines.required(singles, HASH),
                    config,
                    peers,
                    removed,
                    grants);
            if (kind == GatewayState.Kind.SNAPSHOT && !PeerSetHash.of(peers).equals(state.hash())) {
                throw new IllegalArgumentException("snapshot does not match its hash");
            }
            return state;
        });
    }

    public static String encode(StatusReport report) {
        var out = new StringBuilder(256 + report.peers().size() * 120);
        out.append(STATUS_HEADER).append('\n');
        line(out, AGENT_VERSION, report.agentVersion());
        line(out, PUBLIC_KEY, report.publicKey());
        line(out, APPLIED_REVISION, Long.toString(report.appliedRevision()));
        if (report.appliedHash() != null) {
            line(out, APPLIED_HASH, report.appliedHash());
        }
        if (!report.statsIncluded()) {
            line(out, STATS, STATS_OMITTED);
        }
        for (PeerStats peer : report.peers()) {
            line(
                    out,
                    STAT,
                    peer.publicKey()
                            + ' '
                            + (peer.latestHandshake() == null
                                    ? NONE
                                    : Long.toString(peer.latestHandshake().getEpochSecond()))
                            + ' '
                            + peer.rxBytes()
                            + ' '
                            + peer.txBytes()
                            + ' '
                            + orNone(peer.endpoint()));
        }
        report.drift()
                .forEach(drift -> line(
                        out,
                        DRIFT,
                        drift.publicKey() == null ? word(drift.kind()) : word(drift.kind()) + ' ' + drift.publicKey()));
        report.errors().forEach(error -> line(out, ERROR, error));
        report.dns().forEach(check -> line(out, DNS, check.address() + ' ' + DNS_OUTCOMES.word(check.outcome())));
        if (report.endpointRole() != null) {
            line(out, ENDPOINT_ROLE, ROLES.word(report.endpointRole()));
        }
        return out.append(END).append('\n').toString();
    }

    public static StatusReport decodeStatus(String text) {
        var lines = new Lines(text, STATUS_HEADER);
        var singles = new HashMap<String, String>();
        var peers = new ArrayList<PeerStats>();
        var drift = new ArrayList<DriftEntry>();
        var errors = new ArrayList<String>();
        var dns = new ArrayList<DnsCheck>();
        for (String[] next = lines.next(); next != null; next = lines.next()) {
            String[] words = next;
            switch (words[0]) {
                case AGENT_VERSION, PUBLIC_KEY, APPLIED_REVISION, APPLIED_HASH, STATS, ENDPOINT_ROLE ->
                    lines.single(singles, words, 2);
                case STAT -> {
                    lines.arity(words, 6);
                    peers.add(lines.valid(() -> new PeerStats(
                            words[1],
                            NONE.equals(words[2]) ? null : Instant.ofEpochSecond(number(words[2])),
                            number(words[3]),
                            number(words[4]),
                            noneAsNull(words[5]))));
                }
                case DRIFT -> {
                    // `drift rules` names no peer; every other kind names one.
                    if (words.length != 2) {
                        lines.arity(words, 3);
                    }
                    drift.add(lines.valid(
                            () -> new DriftEntry(DRIFT_KINDS.parse(words[1]), words.length == 3 ? words[2] : null)));
                }
                case ERROR -> {
                    if (words.length < 2) {
                        throw lines.error("'error' takes a text");
                    }
                    errors.add(lines.rest());
                }
                case DNS -> {
                    lines.arity(words, 3);
                    if (dns.size() == InterfaceConfig.MAX_DNS_SERVERS) {
                        throw lines.error("more than " + InterfaceConfig.MAX_DNS_SERVERS + " DNS checks");
                    }
                    dns.add(lines.valid(() -> new DnsCheck(words[1], DNS_OUTCOMES.parse(words[2]))));
                }
                default -> throw lines.error("unknown record '" + Lines.printable(words[0]) + "'");
            }
        }
        return whole(() -> new StatusReport(
                lines.required(singles, AGENT_VERSION),
                lines.required(singles, PUBLIC_KEY),
                number(lines.required(singles, APPLIED_REVISION)),
                singles.get(APPLIED_HASH),
                peers,
                drift,
                errors,
                switch (singles.getOrDefault(STATS, STATS_INCLUDED)) {
                    case STATS_INCLUDED -> true;
                    case STATS_OMITTED -> false;
                    default ->
                        throw new IllegalArgumentException(
                                STATS + " must be " + STATS_INCLUDED + " or " + STATS_OMITTED);
                },
                dns,
                singles.containsKey(ENDPOINT_ROLE) ? ROLES.parse(singles.get(ENDPOINT_ROLE)) : null));
    }

    /**
     * The endpoints a group's members last saw its peers at ({@code GET /api/agent/v1/endpoints}):
     * <pre>
     * tunnelgate-endpoints 1
     * endpoint &lt;key&gt; &lt;endpoint&gt; &lt;handshake epoch s&gt;
     * end
     * </pre>
     */
    public static String encodeEndpoints(List<KnownEndpoint> endpoints) {
        var out = new StringBuilder(64 + endpoints.size() * 80);
        out.append(ENDPOINTS_HEADER).append('\n');
        for (KnownEndpoint known : endpoints) {
            line(
                    out,
                    ENDPOINT,
                    known.publicKey()
                            + ' '
                            + known.endpoint()
                            + ' '
                            + known.latestHandshake().getEpochSecond());
        }
        return out.append(END).append('\n').toString();
    }

    public static List<KnownEndpoint> decodeEndpoints(String text) {
        var lines = new Lines(text, ENDPOINTS_HEADER);
        var endpoints = new ArrayList<KnownEndpoint>();
        var keys = new HashSet<String>();
        for (String[] next = lines.next(); next != null; next = lines.next()) {
            String[] words = next;
            if (!ENDPOINT.equals(words[0])) {
                throw lines.error("unknown record '" + Lines.printable(words[0]) + "'");
            }
            lines.arity(words, 4);
            if (endpoints.size() == KnownEndpoint.MAX_PER_ANSWER) {
                throw lines.error("more than " + KnownEndpoint.MAX_PER_ANSWER + " endpoints");
            }
            var known =
                    lines.valid(() -> new KnownEndpoint(words[1], words[2], Instant.ofEpochSecond(number(words[3]))));
            if (!keys.add(known.publicKey())) {
                throw lines.error("peer is named twice");
            }
            endpoints.add(known);
        }
        return endpoints;
    }

    /** How a drift kind is written in a report ({@code extra}, {@code missing}, {@code changed}), whatever the locale. */
    public static String word(DriftEntry.Kind kind) {
        return DRIFT_KINDS.word(kind);
    }

    /** Checks that span the whole body (required records, hashes); their messages name no line. */
    private static <T> T whole(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("a time is out of range", e);
        }
    }

    private static void line(StringBuilder out, String keyword, String value) {
        out.append(keyword).append(' ').append(value).append('\n');
    }

    private static String orNone(@Nullable String value) {
        return value == null ? NONE : value;
    }

    private static @Nullable String noneAsNull(String word) {
        return NONE.equals(word) ? null : word;
    }

    /**
     * The words an enum's constants are written as: their names in lower case with dashes for underscores, taken with {@link Locale#ROOT} (under
     * a Turkish default locale {@code "MISSING".toLowerCase()} is {@code "mıssıng"}, which no decoder accepts).
     * One table serves both directions, so encoder and decoder cannot drift apart.
     */
    private static final class Words<E extends Enum<E>> {
        /** By ordinal. */
        private final List<String> words;

        private final Map<String, E> constants = new HashMap<>();
        private final String what;

        Words(Class<E> type, String what) {
            this.what = what;
            var all = new ArrayList<String>();
            for (E constant : type.getEnumConstants()) {
                String word = constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
                all.add(word);
                constants.put(word, constant);
            }
            this.words = List.copyOf(all);
        }

        String word(E constant) {
            return words.get(constant.ordinal());
        }

        E parse(String word) {
            E constant = constants.get(word);
            if (constant == null) {
                throw new IllegalArgumentException(what + " must be "
                        + String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.getLast());
            }
            return constant;
        }
    }

    /** A non-negative decimal without sign or leading zeros, as the encoder writes it. */
    static long number(String text) {
        if (text.isEmpty()
                || text.length() > 19
                || (text.length() > 1 && text.charAt(0) == '0')
                || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("expected a non-negative whole number");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            // 19 digits can still exceed Long.MAX_VALUE; the JDK's message would echo the text.
            throw new IllegalArgumentException("number is out of range");
        }
    }

    /** Walks the lines of a body, checking its frame: the header first, {@code end} last, nothing after it. */
    private static final class Lines {
        private final String[] lines;
        private int index;
        private String current = "";

        Lines(String text, String header) {
            if (!text.endsWith(END + '\n')) {
                throw new IllegalArgumentException("body is incomplete: it must end with the line 'end'");
            }
            this.lines = text.substring(0, text.length() - 1).split("\n", -1);
            if (!header.equals(lines[0])) {
                throw new IllegalArgumentException("body must start with '" + header + "'");
            }
            this.index = 1;
        }

        /** The words of the next record, or null at {@code end}. */
        String @Nullable [] next() {
            current = lines[index++];
            if (index == lines.length) {
                if (!END.equals(current)) {
                    throw error("body must end with 'end'");
                }
                return null;
            }
            if (current.length() > MAX_LINE_LENGTH || current.isEmpty()) {
                throw error("line is empty or longer than " + MAX_LINE_LENGTH + " characters");
            }
            for (int i = 0; i < current.length(); i++) {
                char c = current.charAt(i);
                if (c < 0x20 || c == 0x7f) {
                    throw error("line holds a control character");
                }
            }
            String[] words = current.split(" ", -1);
            if (END.equals(words[0])) {
                throw error("'end' before the last line");
            }
            return words;
        }

        String rest() {
            return current.substring(current.indexOf(' ') + 1);
        }

        String[] arity(String[] words, int count) {
            if (words.length != count) {
                throw error("'" + words[0] + "' takes " + (count - 1) + " value(s)");
            }
            return words;
        }

        void single(Map<String, String> singles, String[] words, int count) {
            arity(words, count);
            if (singles.put(words[0], words[1]) != null) {
                throw error("'" + words[0] + "' appears twice");
            }
        }

        String required(Map<String, String> singles, String keyword) {
            String value = singles.get(keyword);
            if (value == null) {
                throw new IllegalArgumentException("'" + keyword + "' is missing");
            }
            return value;
        }

        <T> T valid(Supplier<T> parse) {
            try {
                return parse.get();
            } catch (IllegalArgumentException | DateTimeException e) {
                throw error(
                        Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName()));
            }
        }

        IllegalArgumentException error(String message) {
            return new IllegalArgumentException("line " + index + ": " + message);
        }

        static String printable(String word) {
            String cut = word.length() > 20 ? word.substring(0, 20) : word;
            return cut.replaceAll("[^A-Za-z0-9._-]", "?");
        }
    }
}
