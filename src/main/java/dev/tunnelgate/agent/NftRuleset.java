package dev.tunnelgate.agent;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.protocol.AccessRule;
import dev.tunnelgate.protocol.Grant;
import dev.tunnelgate.protocol.PortRange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The text of the agent's nftables table for one WireGuard interface: the full table (one atomic replace), the
 * element-only batch that turns one applied table into another, and the table as {@code nft list} prints it.
 *
 * <p>Packets from the interface jump, by source address, to the chain of the peer's grant ({@code g_<key>}); a peer
 * without an element, or a packet no rule of its grant accepts, falls through to the counted drop. That direction
 * has no early "established" accept, so every packet is checked against the grant as it is now: a withdrawn grant
 * cuts an open connection at its next packet. Towards the interface, only replies pass.
 */
final class NftRuleset {
    static final String FORWARD = "forward";
    static final String DROPPED = "dropped";
    static final String PEERS_V4 = "peers_v4";
    static final String PEERS_V6 = "peers_v6";
    private static final String CHAIN_PREFIX = "g_";
    private static final Pattern COUNTER_VALUES = Pattern.compile("packets [0-9]+ bytes [0-9]+");
    private static final Pattern COUNTER_WITH_VALUES = Pattern.compile("counter packets [0-9]+ bytes [0-9]+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final String interfaceName;
    private final String table;

    NftRuleset(String interfaceName) {
        this.interfaceName = InterfaceNames.require(interfaceName);
        this.table = tableName(interfaceName);
    }

    /** {@code tunnelgate_<iface>}; characters nft does not take in a name are written as {@code _xx} (hex). */
    static String tableName(String interfaceName) {
        var name = new StringBuilder("tunnelgate_");
        for (char c : InterfaceNames.require(interfaceName).toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                name.append(c);
            } else {
                name.append('_').append(String.format(Locale.ROOT, "%02x", (int) c));
            }
        }
        return name.toString();
    }

    String table() {
        return table;
    }

    /** The family and name, as commands write them. */
    String qualified() {
        return "inet " + table;
    }

    static String chain(String grantKey) {
        return CHAIN_PREFIX + Grant.requireKey(grantKey);
    }

    static String verdict(String grantKey) {
        return "jump " + chain(grantKey);
    }

    /**
     * One transaction that replaces the table whatever was there: create it if missing (so the delete cannot fail),
     * delete it, and define it anew. Either all of it takes effect or nothing does.
     */
    String replace(AccessTable desired) {
        var out = new StringBuilder(capacity(desired));
        out.append("table ").append(qualified()).append('\n');
        out.append("delete table ").append(qualified()).append('\n');
        definition(out, desired);
        return out.toString();
    }

    /** Room for the whole text up front: about 40 characters an element, a few hundred a grant chain. */
    private static int capacity(AccessTable desired) {
        long size = 1024L + desired.elements().size() * 64L + desired.grants().size() * 512L;
        return (int) Math.min(size, Integer.MAX_VALUE - 16);
    }

    /** The table as nft prints it (elements one per line), so a listing can be compared with it block by block. */
    String definition(AccessTable desired) {
        var out = new StringBuilder(capacity(desired));
        definition(out, desired);
        return out.toString();
    }

    private void definition(StringBuilder out, AccessTable desired) {
        out.append("table ").append(qualified()).append(" {\n");
        out.append("\tcounter ").append(DROPPED).append(" {\n\t\tpackets 0 bytes 0\n\t}\n\n");
        maps(out, desired);
        for (var grant : desired.grants().entrySet()) {
            out.append("\tchain ").append(chain(grant.getKey())).append(" {\n");
            for (String rule : rules(grant.getValue())) {
                out.append("\t\t").append(rule).append('\n');
            }
            out.append("\t}\n\n");
        }
        String wg = '"' + interfaceName + '"';
        out.append("\tchain ")
                .append(FORWARD)
                .append(" {\n")
                .append("\t\ttype filter hook forward priority filter; policy accept;\n")
                .append("\t\tiifname ")
                .append(wg)
                .append(" ip saddr vmap @")
                .append(PEERS_V4)
                .append('\n')
                .append("\t\tiifname ")
                .append(wg)
                .append(" ip6 saddr vmap @")
                .append(PEERS_V6)
                .append('\n')
                .append("\t\tiifname ")
                .append(wg)
                .append(" counter name \"")
                .append(DROPPED)
                .append("\" drop\n")
                .append("\t\toifname ")
                .append(wg)
                .append(" ct state established,related accept\n")
                .append("\t\toifname ")
                .append(wg)
                .append(" drop\n")
                .append("\t}\n}\n");
    }

    /** Both maps in one pass over the elements: IPv4 ones straight into {@code out}, IPv6 ones aside first. */
    private static void maps(StringBuilder out, AccessTable desired) {
        var verdicts = new HashMap<String, String>();
        var v6 = new StringBuilder();
        out.append("\tmap ").append(PEERS_V4).append(" {\n\t\ttype ipv4_addr : verdict\n");
        String separator4 = "\t\telements = { ";
        String separator6 = "\t\telements = { ";
        for (var element : desired.elements().entrySet()) {
            String verdict = verdicts.computeIfAbsent(element.getValue(), NftRuleset::verdict);
            if (AccessTable.isIPv4(element.getKey())) {
                out.append(separator4).append(element.getKey()).append(" : ").append(verdict);
                separator4 = ",\n\t\t\t     ";
            } else {
                v6.append(separator6).append(element.getKey()).append(" : ").append(verdict);
                separator6 = ",\n\t\t\t     ";
            }
        }
        if (!v6.isEmpty()) {
            v6.append(" }\n");
        }
        if (separator4.startsWith(",")) {
            out.append(" }\n");
        }
        out.append("\t}\n\n");
        out.append("\tmap ").append(PEERS_V6).append(" {\n\t\ttype ipv6_addr : verdict\n");
        out.append(v6).append("\t}\n\n");
    }

    /** The rules of a grant's chain, in nft's own spelling: IPv4 before IPv6 for each rule of the grant. */
    static List<String> rules(Grant grant) {
        var rules = new ArrayList<String>();
        for (AccessRule rule : grant.rules()) {
            for (boolean v4 : new boolean[] {true, false}) {
                List<IpPrefix> prefixes =
                        rule.prefixes().stream().filter(p -> p.isIPv4() == v4).toList();
                if (!prefixes.isEmpty()) {
                    rules.add(rule(rule, prefixes, v4));
                }
            }
        }
        return rules;
    }

    private static String rule(AccessRule rule, List<IpPrefix> prefixes, boolean v4) {
        var text = new StringBuilder();
        boolean everywhere = prefixes.size() == 1 && prefixes.getFirst().prefixLength() == 0;
        if (everywhere && rule.protocol() == AccessProtocol.ICMP) {
            // Not "meta l4proto icmp" alone: that matches any family's packets with protocol number 1 (an IPv6
            // packet with next header 1 to anywhere). These header matches carry the family check, and nft
            // prints them as written (it hides an explicit "meta nfproto" before "meta l4proto").
            return text.append(v4 ? "ip protocol icmp" : "ip6 nexthdr ipv6-icmp")
                    .append(" accept")
                    .toString();
        }
        if (rule.protocol() == AccessProtocol.ICMP) {
            text.append("meta l4proto ").append(v4 ? "icmp" : "ipv6-icmp").append(' ');
        }
        if (everywhere) {
            // nft drops a match on 0.0.0.0/0 when it prints the rule; say which family instead.
            text.append("meta nfproto ").append(v4 ? "ipv4" : "ipv6").append(' ');
        } else {
            text.append(v4 ? "ip" : "ip6")
                    .append(" daddr ")
                    .append(set(prefixes.stream().map(NftRuleset::prefix).toList()))
                    .append(' ');
        }
        if (rule.protocol().hasPorts()) {
            text.append(rule.protocol().name().toLowerCase(Locale.ROOT))
                    .append(" dport ")
                    .append(set(rule.ports().stream().map(PortRange::toString).toList()))
                    .append(' ');
        }
        return text.append("accept").toString();
    }

    /** nft prints a host prefix as the bare address. */
    private static String prefix(IpPrefix prefix) {
        String address = prefix.address().toCanonicalString();
        return prefix.prefixLength() == prefix.address().getBitCount()
                ? address
                : address + "/" + prefix.prefixLength();
    }

    private static String set(List<String> items) {
        return items.size() == 1 ? items.getFirst() : "{ " + String.join(", ", items) + " }";
    }

    /**
     * The batch that turns {@code applied} into {@code desired} without replacing the table: chains of new grants
     * first, then element deletions and additions (nft 1.0.6 cannot overwrite an element's verdict), then the chains
     * no element jumps to any more. Empty when there is nothing to do.
     */
    String delta(AccessTable applied, AccessTable desired) {
        var touched = new HashSet<>(applied.elements().keySet());
        touched.addAll(desired.elements().keySet());
        return delta(applied.grants().keySet(), applied.elements(), desired, touched);
    }

    /**
     * The same batch, from what the table holds ({@code appliedGrants}, {@code appliedElements}), looking only at
     * the {@code touched} addresses: every address whose element may differ, however many the table holds.
     */
    String delta(
            Set<String> appliedGrants,
            Map<String, String> appliedElements,
            AccessTable desired,
            Collection<String> touched) {
        var out = new StringBuilder(256);
        for (var grant : desired.grants().entrySet()) {
            if (!appliedGrants.contains(grant.getKey())) {
                String chain = chain(grant.getKey());
                out.append("add chain ")
                        .append(qualified())
                        .append(' ')
                        .append(chain)
                        .append('\n');
                for (String rule : rules(grant.getValue())) {
                    out.append("add rule ")
                            .append(qualified())
                            .append(' ')
                            .append(chain)
                            .append(' ')
                            .append(rule)
                            .append('\n');
                }
            }
        }
        var deletes = new TreeSet<String>();
        var adds = new TreeMap<String, String>();
        for (String address : touched) {
            String was = appliedElements.get(address);
            String now = desired.elements().get(address);
            if (!Objects.equals(was, now)) {
                if (was != null) {
                    deletes.add(address);
                }
                if (now != null) {
                    adds.put(address, verdict(now));
                }
            }
        }
        elementCommands(out, deletes, adds);
        for (String key : new TreeSet<>(appliedGrants)) {
            if (!desired.grants().containsKey(key)) {
                out.append("delete chain ")
                        .append(qualified())
                        .append(' ')
                        .append(chain(key))
                        .append('\n');
            }
        }
        return out.toString();
    }

    /** Element deletions then additions that turn the {@code actual} elements into {@code desired}; verdict texts. */
    String elementRepair(Map<String, String> actualVerdicts, AccessTable desired) {
        var out = new StringBuilder();
        var verdicts = new HashMap<String, String>();
        var deletes = new TreeSet<String>();
        actualVerdicts.forEach((address, verdict) -> {
            String key = desired.elements().get(address);
            if (key == null || !verdict.equals(verdicts.computeIfAbsent(key, NftRuleset::verdict))) {
                deletes.add(address);
            }
        });
        var adds = new TreeMap<String, String>();
        desired.elements().forEach((address, key) -> {
            String verdict = verdicts.computeIfAbsent(key, NftRuleset::verdict);
            if (!verdict.equals(actualVerdicts.get(address))) {
                adds.put(address, verdict);
            }
        });
        elementCommands(out, deletes, adds);
        return out.toString();
    }

    private void elementCommands(StringBuilder out, TreeSet<String> deletes, TreeMap<String, String> adds) {
        for (boolean v4 : new boolean[] {true, false}) {
            String map = v4 ? PEERS_V4 : PEERS_V6;
            List<String> gone =
                    deletes.stream().filter(a -> AccessTable.isIPv4(a) == v4).toList();
            if (!gone.isEmpty()) {
                out.append("delete element ")
                        .append(qualified())
                        .append(' ')
                        .append(map)
                        .append(" { ")
                        .append(String.join(", ", gone))
                        .append(" }\n");
            }
        }
        for (boolean v4 : new boolean[] {true, false}) {
            String map = v4 ? PEERS_V4 : PEERS_V6;
            List<String> added = adds.entrySet().stream()
                    .filter(e -> AccessTable.isIPv4(e.getKey()) == v4)
                    .map(e -> e.getKey() + " : " + e.getValue())
                    .toList();
            if (!added.isEmpty()) {
                out.append("add element ")
                        .append(qualified())
                        .append(' ')
                        .append(map)
                        .append(" { ")
                        .append(String.join(", ", added))
                        .append(" }\n");
            }
        }
    }

    /**
     * A table as {@code nft list table} prints it (or as {@link #definition} writes it), cut into what drift checks
     * compare: the blocks without counter values and without map elements, and the elements with their verdicts.
     *
     * @param blocks   by "kind name" (e.g. {@code chain forward}), each the normalised lines of its body
     * @param elements address (canonical) to verdict text, both maps together
     */
    record Listing(SortedMap<String, List<String>> blocks, SortedMap<String, String> elements) {}

    static Listing parse(String text) {
        return parse(text, address -> false);
    }

    /**
     * As {@link #parse(String)}, taking the addresses {@code canonical} accepts as they are printed: the desired
     * elements' addresses are canonical already, so a listing that prints them the same way (inet_ntop does) is not
     * parsed again address by address; any other spelling still is.
     */
    static Listing parse(String text, Predicate<String> canonical) {
        var blocks = new TreeMap<String, List<String>>();
        var elements = new TreeMap<String, String>();
        String[] lines = text.split("\n");
        int depth = 0;
        String block = null;
        var body = new ArrayList<String>();
        boolean inElements = false;
        for (String raw : lines) {
            String line = raw.strip();
            if (depth == 1 && block == null && line.endsWith("{")) {
                block = line.substring(0, line.length() - 1).strip();
                body = new ArrayList<>();
                depth = 2;
                continue;
            }
            if (depth == 0) {
                if (line.startsWith("table ") && line.endsWith("{")) {
                    depth = 1;
                }
                continue;
            }
            if (depth == 1) {
                if (line.equals("}")) {
                    depth = 0;
                } else if (!line.isEmpty()) {
                    throw new IllegalArgumentException("unexpected line in the table: " + ProcessRunner.sanitize(line));
                }
                continue;
            }
            // Inside a block. Elements are read line by line (nft prints one or a few a line, ending with a comma).
            if (inElements || line.startsWith("elements = {")) {
                String items = inElements ? line : line.substring("elements = {".length());
                inElements = !items.endsWith("}");
                elements(inElements ? items : items.substring(0, items.length() - 1), canonical, elements);
                continue;
            }
            if (line.equals("}")) {
                blocks.put(Objects.requireNonNull(block), List.copyOf(body));
                block = null;
                depth = 1;
                continue;
            }
            String normalised = normalise(line);
            if (!normalised.isEmpty()) {
                body.add(normalised);
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("the table listing ends inside a block");
        }
        return new Listing(blocks, elements);
    }

    private static void elements(String text, Predicate<String> canonical, Map<String, String> into) {
        int start = 0;
        while (start < text.length()) {
            int comma = text.indexOf(',', start);
            int end = comma < 0 ? text.length() : comma;
            String item = text.substring(start, end).strip();
            start = end + 1;
            if (item.isEmpty()) {
                continue;
            }
            int colon = item.indexOf(" : ");
            if (colon < 0) {
                throw new IllegalArgumentException("a map element without verdict: " + ProcessRunner.sanitize(item));
            }
            into.put(
                    canonical(item.substring(0, colon).strip(), canonical),
                    item.substring(colon + 3).strip());
        }
    }

    private static String canonical(String address, Predicate<String> canonical) {
        if (canonical.test(address)) {
            return address;
        }
        IpPrefix host = IpPrefix.parse(address + (AccessTable.isIPv4(address) ? "/32" : "/128"));
        return host.address().toCanonicalString();
    }

    /** Counter values change with traffic; they are not drift. */
    private static String normalise(String line) {
        if (COUNTER_VALUES.matcher(line).matches()) {
            return "";
        }
        return SPACES.matcher(COUNTER_WITH_VALUES.matcher(line).replaceAll("counter"))
                .replaceAll(" ");
    }
}
