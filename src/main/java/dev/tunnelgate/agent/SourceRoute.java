package dev.tunnelgate.agent;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Makes WireGuard's packets leave from the VIP while this member holds it, so clients keep the VIP as the gateway's
 * endpoint and find the new holder after a failover. A policy rule sends lookups for UDP from the listen port to a
 * table of the agent's own, which holds copies of the main table's routes with {@code src VIP}:
 *
 * <pre>
 * ip -4 rule add pref 5182 ipproto udp sport 51820 lookup 51820
 * ip -4 route replace default via 192.0.2.1 dev eth0 src 192.0.2.10 table 51820   (one per main route)
 * </pre>
 *
 * The main table is left alone: other traffic keeps its source address. A main route that cannot be copied (a type
 * other than unicast, an option this class does not know, an IPv6 route through a device that does not carry the
 * VIP) becomes a {@code throw} route, so lookups for it fall through to the main table instead of matching a broader
 * copied route. The kernel (6.x) does not flush routes of other tables when their source address goes away, so the
 * agent removes rule and table itself when the member stops holding the VIP; an agent stopped while holding leaves
 * them, so the replies keep leaving from the VIP (fail static).
 */
class SourceRoute {
    private static final System.Logger LOG = System.getLogger(SourceRoute.class.getName());
    static final int RULE_PREFERENCE = 5182;
    /** Route types whose copy would mean something else with a source address; main decides for them. */
    private static final Set<String> OTHER_TYPES = Set.of(
            "unreachable", "blackhole", "prohibit", "throw", "local", "broadcast", "anycast", "multicast", "nat");
    /** Options `ip route` prints and also takes, with one value each. */
    private static final Set<String> WITH_VALUE = Set.of(
            "via",
            "dev",
            "proto",
            "scope",
            "metric",
            "mtu",
            "advmss",
            "pref",
            "realm",
            "nhid",
            "weight",
            "hoplimit",
            "initcwnd",
            "initrwnd");
    /** Flags `ip route` prints and also takes. */
    private static final Set<String> FLAGS = Set.of("onlink", "nexthop");
    /** Flags `ip route` prints that describe the state, not the route. */
    private static final Set<String> STATE_FLAGS =
            Set.of("linkdown", "dead", "offload", "trap", "rt_offload", "rt_trap", "rt_offload_failed", "pervasive");

    private final InetAddress vip;
    private final int table;
    private final ProcessRunner runner;

    SourceRoute(InetAddress vip, int table, List<String> commandPrefix) {
        this.vip = vip;
        this.table = table;
        this.runner = new ProcessRunner(commandPrefix, Duration.ofSeconds(10));
    }

    /** One main route: its destination, and the command that copies it with {@code src VIP}, or null: throw. */
    record Copy(String destination, List<String> command) {}

    /**
     * Fills the table (after emptying it, at a takeover) or refreshes it, and makes sure of the rule for the listen
     * port; idempotent. Routes first: the rule never points to a table being filled.
     */
    void hold(int listenPort, boolean fresh) throws IOException {
        String family = family(vip);
        if (fresh) {
            flush();
        }
        String main = runner.run(List.of("ip", "-o", family, "route", "show", "table", "main"), null);
        int copied = 0;
        int thrown = 0;
        for (Copy copy : plan(main, vip, table)) {
            if (!copy.command().isEmpty()) {
                try {
                    runner.run(copy.command(), null);
                    copied++;
                    continue;
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, () -> "route to " + copy.destination() + " not copied: " + e.getMessage());
                }
            }
            runner.run(throwCommand(family, copy.destination(), table), null);
            thrown++;
        }
        String rule = runner.run(PortRule.show(family, RULE_PREFERENCE), null);
        if (!ruleMatches(rule, listenPort, table)) {
            removeRules(family);
            runner.run(ruleCommand(family, "add", listenPort, table), null);
        }
        if (fresh) {
            LOG.log(
                    Level.INFO,
                    "replies from UDP port %d leave from %s: rule %d, table %d with %d route(s), %d left to main"
                            .formatted(listenPort, text(vip), RULE_PREFERENCE, table, copied, thrown));
        }
    }

    /** Removes rule and table; idempotent. */
    void release() throws IOException {
        removeRules(family(vip));
        flush();
        LOG.log(Level.INFO, "replies no longer forced to leave from " + text(vip) + ": rule and table removed");
    }

    private void flush() {
        // "FIB table does not exist" for a table never filled: nothing to flush.
        try {
            runner.run(List.of("ip", family(vip), "route", "flush", "table", Integer.toString(table)), null);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "flushing table " + table + ": " + e.getMessage());
        }
    }

    private void removeRules(String family) throws IOException {
        PortRule.removeAll(runner, family, RULE_PREFERENCE);
    }

    /** The short form {@code ip} prints (fd09::100), not Java's (fd09:0:0:0:0:0:0:100). */
    static String text(InetAddress address) {
        return new inet.ipaddr.IPAddressString(address.getHostAddress())
                .getAddress()
                .toCanonicalString();
    }

    static String family(InetAddress address) {
        return address instanceof Inet6Address ? "-6" : "-4";
    }

    static List<String> ruleCommand(String family, String verb, int listenPort, int table) {
        return PortRule.command(family, verb, RULE_PREFERENCE, listenPort, lookup(table));
    }

    private static List<String> lookup(int table) {
        return List.of("lookup", Integer.toString(table));
    }

    static boolean ruleMatches(String shown, int listenPort, int table) {
        return PortRule.matches(shown, RULE_PREFERENCE, listenPort, lookup(table));
    }

    static List<String> throwCommand(String family, String destination, int table) {
        return List.of("ip", family, "route", "replace", "throw", destination, "table", Integer.toString(table));
    }

    /** The copies of {@code ip -o route show table main}'s routes; an empty command means: throw. */
    static List<Copy> plan(String mainRoutes, InetAddress vip, int table) {
        String family = family(vip);
        var copies = new ArrayList<Copy>();
        for (String line : mainRoutes.split("\n")) {
            // -o puts a multipath route's nexthops on its line, separated by tabs (or a backslash and spaces).
            String[] tokens = line.replace('\\', ' ').strip().split("\\s+");
            if (tokens.length == 0 || tokens[0].isEmpty()) {
                continue;
            }
            int i = 0;
            boolean copyable = true;
            if (tokens[0].equals("unicast")) {
                i++;
            } else if (OTHER_TYPES.contains(tokens[0])) {
                copyable = false;
                i++;
            }
            if (i >= tokens.length) {
                continue;
            }
            String destination = tokens[i++];
            // Source and table first: a multipath route's nexthops must come last.
            var command = new ArrayList<>(List.of(
                    "ip", family, "route", "replace", destination, "src", text(vip), "table", Integer.toString(table)));
            while (copyable && i < tokens.length) {
                String token = tokens[i];
                if (token.equals("src") && i + 1 < tokens.length) {
                    i += 2;
                } else if (token.equals("via")
                        && i + 2 < tokens.length
                        && (tokens[i + 1].equals("inet") || tokens[i + 1].equals("inet6"))) {
                    command.addAll(List.of(token, tokens[i + 1], tokens[i + 2]));
                    i += 3;
                } else if (WITH_VALUE.contains(token) && i + 1 < tokens.length) {
                    command.addAll(List.of(token, tokens[i + 1]));
                    i += 2;
                } else if (FLAGS.contains(token)) {
                    command.add(token);
                    i++;
                } else if (STATE_FLAGS.contains(token)) {
                    i++;
                } else if (token.equals("expires") && i + 1 < tokens.length) {
                    i += 2; // an RA route's lifetime; the copy lives until the next refresh
                } else {
                    copyable = false;
                }
            }
            if (copyable) {
                copies.add(new Copy(destination, List.copyOf(command)));
            } else {
                copies.add(new Copy(destination, List.of()));
            }
        }
        return copies;
    }
}
