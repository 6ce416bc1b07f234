package dev.tunnelgate.agent;

import dev.tunnelgate.ip.IpAddresses;
import inet.ipaddr.IPAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The agent's command line, checked before anything touches the network or the interface.
 *
 * @param portal the portal's base URL without a trailing slash, e.g. {@code https://vpn.example.com}
 * @param metricsListen where {@code /metrics} is served; null: nowhere
 * @param vip           the group's endpoint address (the VRRP VIP); null: not a member of a VRRP pair, unless
 *                      keepalived's notify says so
 * @param vipTable      the routing table whose routes carry {@code src VIP} while this member holds it
 * @param takeoverRate  peers per second whose endpoint is set and handshake started on taking the VIP over; 0: none
 * @param endpointsInterval how often a standby asks the portal where the other members saw the peers
 */
record AgentOptions(
        URI portal,
        Path tokenFile,
        String interfaceName,
        Path stateDir,
        Path privateKeyFile,
        Duration driftInterval,
        Duration reportInterval,
        Duration maxBackoff,
        FirewallMode firewall,
        @Nullable InetSocketAddress metricsListen,
        @Nullable InetAddress vip,
        int vipTable,
        int takeoverRate,
        Duration endpointsInterval) {
    /** How access policies are enforced on the gateway. */
    enum FirewallMode {
        /** an nftables table of the agent's own per interface */
        NFT,
        /** not at all: the operator says so, and every report says so too */
        NONE
    }

    static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/tunnelgate-agent");
    static final Duration DEFAULT_DRIFT_INTERVAL = Duration.ofSeconds(60);
    static final Duration DEFAULT_REPORT_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(60);
    /** A standby's view of the peers' endpoints is at most this old at a takeover; one small request each time. */
    static final Duration DEFAULT_ENDPOINTS_INTERVAL = Duration.ofSeconds(5);

    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    static final Duration MAX_INTERVAL = Duration.ofHours(24);
    /** Outside the reserved tables (0, 253 default, 254 main, 255 local) and distinct from common ones. */
    static final int DEFAULT_VIP_TABLE = 51820;
    /**
     * A handshake initiation costs wireguard-go a few Curve25519 operations, tens of microseconds: 5,000 a second
     * stay well under one core (the data path keeps the rest) and take over 10,000 peers in 2 s.
     */
    static final int DEFAULT_TAKEOVER_RATE = 5000;

    static final int MAX_TAKEOVER_RATE = 1_000_000;
    static final String USAGE = """
            usage: tunnelgate agent --portal URL --token-file FILE --interface NAME [options]
              --portal URL               the portal, http(s)://host[:port][/path]
              --token-file FILE          the gateway credential, one line, readable by its owner only
              --interface NAME           the WireGuard interface to manage, e.g. wg0
              --state-dir DIR            where the last applied state is kept (default /var/lib/tunnelgate-agent)
              --private-key FILE         the interface's private key, created if missing (default STATE_DIR/private.key)
              --drift-interval DURATION  how often the interface is compared with the applied state (default 60s)
              --report-interval DURATION how often statistics are reported (default 30s)
              --max-backoff DURATION     longest wait between attempts while the portal answers with errors (default 60s;
                                         a portal that cannot be reached is tried again every 0.6-1.2s)
              --firewall nft|none        enforce access policies with an nftables table of the agent's own (default),
                                         or not at all (every status report then says they are not enforced)
              --metrics-listen ADDR:PORT serve Prometheus metrics at http://ADDR:PORT/metrics, without credentials;
                                         ADDR is an IP address: 127.0.0.1 or [::1] (this host only), 0.0.0.0 or [::]
                                         (every address), or one of the host's; e.g. 127.0.0.1:9586 (default: off)
              --vip ADDRESS              the gateway group's endpoint address kept by VRRP (keepalived), an IPv4 or IPv6
                                         literal: while it is an address of this host the agent reports HOLDER, makes
                                         WireGuard's replies leave from it (a policy rule for UDP from the listen port
                                         and a routing table with `src ADDRESS`) and, on taking it over, sets every
                                         peer's last known endpoint and starts the handshakes; otherwise STANDBY
              --vip-table N              the routing table for those routes, 1-2147483647 except 253-255 (default 51820;
                                         the rule has preference 5182)
              --takeover-rate N          peers per second on taking over, 0-1000000 (default 5000: 10,000 peers in 2 s);
                                         0: no handshakes started, the clients start them after their rekey timeout
              --endpoints-interval DURATION how often a standby asks the portal where the peers were last seen
                                         (default 5s; the holder asks every report interval)
            DURATION is a whole number with ms, s, m or h between 1s and 24h, e.g. 30s, 5m.

            usage: tunnelgate agent notify master|backup|fault [--state-dir DIR]
              For keepalived's notify_master, notify_backup and notify_fault: writes the member's role into the state
              directory, where the running agent sees it within 100 ms (backup and fault mean STANDBY). When both this
              and --vip are in use, the newer signal wins: the notify if it came after the address was last seen to
              appear or vanish, otherwise the address. Exit code 0: written; 2: wrong command line; 1: not written.""";

    private static final Set<String> NAMES = Set.of(
            "--portal",
            "--token-file",
            "--interface",
            "--state-dir",
            "--private-key",
            "--drift-interval",
            "--report-interval",
            "--max-backoff",
            "--firewall",
            "--metrics-listen",
            "--vip",
            "--vip-table",
            "--takeover-rate",
            "--endpoints-interval");
    private static final Pattern LISTEN =
            Pattern.compile("(?:\\[([0-9A-Fa-f:.]{2,45})\\]|([0-9.]{1,45})):([0-9]{1,5})");
    private static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,8})(ms|s|m|h)");

    /** A command line the agent cannot run with; the message says which option is wrong and why. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static AgentOptions parse(List<String> args) throws UsageException {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size() && NAMES.contains(arg)) {
                value = args.get(++i);
            } else {
                value = null;
            }
            if (!NAMES.contains(name)) {
                throw new UsageException("unknown option '" + printable(name) + "'");
            }
            if (value == null) {
                throw new UsageException(name + " needs a value");
            }
            if (values.put(name, value) != null) {
                throw new UsageException(name + " is given twice");
            }
        }
        URI portal = portal(required(values, "--portal"));
        Path tokenFile = path("--token-file", required(values, "--token-file"));
        String interfaceName = interfaceName(required(values, "--interface"));
        Path stateDir = path("--state-dir", values.getOrDefault("--state-dir", DEFAULT_STATE_DIR.toString()));
        Path privateKey = path(
                "--private-key",
                values.getOrDefault(
                        "--private-key", stateDir.resolve("private.key").toString()));
        return new AgentOptions(
                portal,
                tokenFile,
                interfaceName,
                stateDir,
                privateKey,
                duration(values, "--drift-interval", DEFAULT_DRIFT_INTERVAL),
                duration(values, "--report-interval", DEFAULT_REPORT_INTERVAL),
                duration(values, "--max-backoff", DEFAULT_MAX_BACKOFF),
                firewall(values.getOrDefault("--firewall", "nft")),
                values.containsKey("--metrics-listen") ? metricsListen(values.get("--metrics-listen")) : null,
                values.containsKey("--vip") ? vip(values.get("--vip")) : null,
                number(values, "--vip-table", DEFAULT_VIP_TABLE, 1, Integer.MAX_VALUE),
                number(values, "--takeover-rate", DEFAULT_TAKEOVER_RATE, 0, MAX_TAKEOVER_RATE),
                duration(values, "--endpoints-interval", DEFAULT_ENDPOINTS_INTERVAL));
    }

    /**
     * An IP literal, never a host name (nothing is looked up); one address of the host, so not a network, loopback,
     * multicast or unspecified address.
     */
    static InetAddress vip(String text) throws UsageException {
        IPAddress address = text.length() > 45 ? null : IpAddresses.tryParse(text);
        if (address == null) {
            throw new UsageException("--vip must be one IPv4 or IPv6 address, e.g. 192.0.2.10 or 2001:db8::10");
        }
        InetAddress inet = address.toInetAddress();
        if (inet.isAnyLocalAddress()
                || inet.isLoopbackAddress()
                || inet.isMulticastAddress()
                || inet.isLinkLocalAddress()) {
            throw new UsageException("--vip must be a unicast address that is not loopback or link-local");
        }
        return inet;
    }

    static int number(Map<String, String> values, String name, int fallback, int min, int max) throws UsageException {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        long value;
        try {
            value = text.matches("[0-9]{1,10}") ? Long.parseLong(text) : -1;
        } catch (NumberFormatException e) {
            value = -1;
        }
        boolean reservedTable = name.equals("--vip-table") && value >= 253 && value <= 255;
        if (value < min || value > max || reservedTable) {
            throw new UsageException(name + " must be a whole number between " + min + " and " + max
                    + (name.equals("--vip-table") ? ", not 253-255 (default, main, local)" : ""));
        }
        return (int) value;
    }

    private static String required(Map<String, String> values, String name) throws UsageException {
        String value = values.get(name);
        if (value == null) {
            throw new UsageException(name + " is required");
        }
        return value;
    }

    static URI portal(String text) throws UsageException {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new UsageException("--portal is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UsageException("--portal must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new UsageException("--portal must name a host");
        }
        // The URL is logged; a password in it would be too. The credential belongs in the token file.
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new UsageException("--portal must not carry a user, a query or a fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    /**
     * {@code ADDRESS:PORT} with an IP literal (IPv6 in brackets), never a host name: nothing is looked up, and what
     * the agent listens on is exactly what the operator wrote.
     */
    static InetSocketAddress metricsListen(String text) throws UsageException {
        var match = LISTEN.matcher(text);
        if (!match.matches()) {
            throw new UsageException(
                    "--metrics-listen must be an IP address and a port, e.g. 127.0.0.1:9586, 0.0.0.0:9586 or [::1]:9586");
        }
        String host = match.group(1) != null ? match.group(1) : match.group(2);
        IPAddress address = IpAddresses.tryParse(host);
        if (address == null || (match.group(1) != null) != address.isIPv6()) {
            throw new UsageException("--metrics-listen: " + printable(host) + " is not an IP address"
                    + (match.group(1) != null ? " (IPv6 in brackets)" : " (IPv6 goes in brackets: [::1]:9586)"));
        }
        int port = Integer.parseInt(match.group(3));
        if (port < 1 || port > 65535) {
            throw new UsageException("--metrics-listen: the port must be between 1 and 65535");
        }
        return new InetSocketAddress(address.toInetAddress(), port);
    }

    private static FirewallMode firewall(String text) throws UsageException {
        return switch (text) {
            case "nft" -> FirewallMode.NFT;
            case "none" -> FirewallMode.NONE;
            default -> throw new UsageException("--firewall must be nft or none");
        };
    }

    private static String interfaceName(String name) throws UsageException {
        try {
            return InterfaceNames.require(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--interface: " + e.getMessage());
        }
    }

    private static Path path(String name, String text) throws UsageException {
        try {
            if (text.isEmpty()) {
                throw new InvalidPathException(text, "empty");
            }
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new UsageException(name + " is not a usable path");
        }
    }

    static Duration duration(Map<String, String> values, String name, Duration fallback) throws UsageException {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        var match = DURATION.matcher(text);
        if (!match.matches()) {
            throw new UsageException(name + " must be a whole number with ms, s, m or h, e.g. 30s");
        }
        long amount = Long.parseLong(match.group(1));
        Duration duration = switch (match.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        if (duration.compareTo(MIN_INTERVAL) < 0 || duration.compareTo(MAX_INTERVAL) > 0) {
            throw new UsageException(name + " must be between 1s and 24h");
        }
        return duration;
    }

    /** Option names echo user input into a terminal or journal; keep them to one harmless short word. */
    private static String printable(String text) {
        String cut = text.length() > 40 ? text.substring(0, 40) : text;
        return cut.replaceAll("[^A-Za-z0-9._=/-]", "?");
    }
}
