package dev.tunnelgate.agent;

import dev.tunnelgate.ip.IpAddresses;
import inet.ipaddr.IPAddress;
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
        @Nullable InetSocketAddress metricsListen) {
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
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    static final Duration MAX_INTERVAL = Duration.ofHours(24);
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
            DURATION is a whole number with ms, s, m or h between 1s and 24h, e.g. 30s, 5m.""";

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
            "--metrics-listen");
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
                values.containsKey("--metrics-listen") ? metricsListen(values.get("--metrics-listen")) : null);
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
