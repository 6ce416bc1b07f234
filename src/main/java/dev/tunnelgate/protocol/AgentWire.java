package dev.tunnelgate.protocol;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * peer &lt;key&gt; &lt;psk|-&gt; &lt;ip&gt;,&lt;ip&gt; error &lt;one line of text&gt;
 * remove &lt;key&gt;                end
 * end
 * </pre>
 * Decoding throws {@link IllegalArgumentException} with a message that names the line, never its content
 * (a line may hold a preshared key).
 */
public final class AgentWire {
    public static final String MEDIA_TYPE = "text/plain;charset=utf-8";
    public static final int MAX_LINE_LENGTH = 64 * 1024;
    private static final String STATE_HEADER = "tunnelgate-state 1";
    private static final String STATUS_HEADER = "tunnelgate-status 1";

    private AgentWire() {
    }

    public static String encode(GatewayState state) {
        var out = new StringBuilder(128 + state.peers().size() * 140);
        out.append(STATE_HEADER).append('\n');
        line(out, "revision", Long.toString(state.revision()));
        line(out, "kind", state.kind().name().toLowerCase());
        if (state.kind() == GatewayState.Kind.DELTA) {
            line(out, "since", Long.toString(state.since()));
        }
        line(out, "hash", state.hash());
        line(out, "listen-port", Integer.toString(state.interfaceConfig().listenPort()));
        state.interfaceConfig().addresses().forEach(address -> line(out, "address", address));
        for (PeerSpec peer : state.peers()) {
            line(out, "peer", peer.publicKey() + ' ' + (peer.presharedKey() == null ? "-" : peer.presharedKey())
                    + ' ' + String.join(",", peer.allowedIps()));
        }
        state.removed().forEach(key -> line(out, "remove", key));
        return out.append("end\n").toString();
    }

    public static GatewayState decodeState(String text) {
        var lines = new Lines(text, STATE_HEADER);
        var singles = new HashMap<String, String>();
        var addresses = new ArrayList<String>();
        var peers = new ArrayList<PeerSpec>();
        var removed = new ArrayList<String>();
        for (String[] next = lines.next(); next != null; next = lines.next()) {
            String[] words = next;
            switch (words[0]) {
                case "revision", "kind", "since", "hash", "listen-port" -> lines.single(singles, words, 2);
                case "address" -> addresses.add(lines.arity(words, 2)[1]);
                case "peer" -> {
                    lines.arity(words, 4);
                    peers.add(lines.valid(() -> new PeerSpec(words[1], "-".equals(words[2]) ? null : words[2],
                            Arrays.asList(words[3].split(",", -1)))));
                }
                case "remove" -> removed.add(lines.arity(words, 2)[1]);
                default -> throw lines.error("unknown record '" + Lines.printable(words[0]) + "'");
            }
        }
        return whole(() -> {
            var kind = switch (lines.required(singles, "kind")) {
                case "snapshot" -> GatewayState.Kind.SNAPSHOT;
                case "delta" -> GatewayState.Kind.DELTA;
                default -> throw new IllegalArgumentException("kind must be snapshot or delta");
            };
            long since = kind == GatewayState.Kind.DELTA ? number(lines.required(singles, "since")) : 0;
            if (kind == GatewayState.Kind.SNAPSHOT && singles.containsKey("since")) {
                throw new IllegalArgumentException("a snapshot has no base revision");
            }
            var config = new InterfaceConfig((int) Math.min(Integer.MAX_VALUE, number(lines.required(singles, "listen-port"))), addresses);
            var state = new GatewayState(number(lines.required(singles, "revision")), kind, since,
                    lines.required(singles, "hash"), config, peers, removed);
            if (kind == GatewayState.Kind.SNAPSHOT && !PeerSetHash.of(peers).equals(state.hash())) {
                throw new IllegalArgumentException("snapshot does not match its hash");
            }
            return state;
        });
    }

    public static String encode(StatusReport report) {
        var out = new StringBuilder(256 + report.peers().size() * 120);
        out.append(STATUS_HEADER).append('\n');
        line(out, "agent-version", report.agentVersion());
        line(out, "public-key", report.publicKey());
        line(out, "applied-revision", Long.toString(report.appliedRevision()));
        if (report.appliedHash() != null) {
            line(out, "applied-hash", report.appliedHash());
        }
        if (!report.statsIncluded()) {
            line(out, "stats", "omitted");
        }
        for (PeerStats peer : report.peers()) {
            line(out, "stat", peer.publicKey() + ' '
                    + (peer.latestHandshake() == null ? "-" : Long.toString(peer.latestHandshake().getEpochSecond())) + ' '
                    + peer.rxBytes() + ' ' + peer.txBytes() + ' ' + (peer.endpoint() == null ? "-" : peer.endpoint()));
        }
        report.drift().forEach(drift -> line(out, "drift", drift.kind().name().toLowerCase() + ' ' + drift.publicKey()));
        report.errors().forEach(error -> line(out, "error", error));
        return out.append("end\n").toString();
    }

    public static StatusReport decodeStatus(String text) {
        var lines = new Lines(text, STATUS_HEADER);
        var singles = new HashMap<String, String>();
        var peers = new ArrayList<PeerStats>();
        var drift = new ArrayList<DriftEntry>();
        var errors = new ArrayList<String>();
        for (String[] next = lines.next(); next != null; next = lines.next()) {
            String[] words = next;
            switch (words[0]) {
                case "agent-version", "public-key", "applied-revision", "applied-hash", "stats" -> lines.single(singles, words, 2);
                case "stat" -> {
                    lines.arity(words, 6);
                    peers.add(lines.valid(() -> new PeerStats(words[1],
                            "-".equals(words[2]) ? null : Instant.ofEpochSecond(number(words[2])),
                            number(words[3]), number(words[4]), "-".equals(words[5]) ? null : words[5])));
                }
                case "drift" -> {
                    lines.arity(words, 3);
                    drift.add(lines.valid(() -> new DriftEntry(switch (words[1]) {
                        case "extra" -> DriftEntry.Kind.EXTRA;
                        case "missing" -> DriftEntry.Kind.MISSING;
                        case "changed" -> DriftEntry.Kind.CHANGED;
                        default -> throw new IllegalArgumentException("drift kind must be extra, missing or changed");
                    }, words[2])));
                }
                case "error" -> {
                    if (words.length < 2) {
                        throw lines.error("'error' takes a text");
                    }
                    errors.add(lines.rest());
                }
                default -> throw lines.error("unknown record '" + Lines.printable(words[0]) + "'");
            }
        }
        return whole(() -> new StatusReport(lines.required(singles, "agent-version"), lines.required(singles, "public-key"),
                number(lines.required(singles, "applied-revision")), singles.get("applied-hash"), peers, drift, errors,
                switch (singles.getOrDefault("stats", "included")) {
                    case "included" -> true;
                    case "omitted" -> false;
                    default -> throw new IllegalArgumentException("stats must be included or omitted");
                }));
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

    /** A non-negative decimal without sign or leading zeros, as the encoder writes it. */
    static long number(String text) {
        if (text.isEmpty() || text.length() > 19 || (text.length() > 1 && text.charAt(0) == '0')
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
            if (!text.endsWith("end\n")) {
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
                if (!"end".equals(current)) {
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
            if ("end".equals(words[0])) {
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
                throw error(e.getMessage());
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
