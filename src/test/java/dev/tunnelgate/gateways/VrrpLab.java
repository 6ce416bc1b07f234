package dev.tunnelgate.gateways;

import dev.tunnelgate.agent.WireGuardNetns;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One L2 segment for a VRRP gateway pair and a client: a bridge inside a namespace of its own, with a veth from
 * every attached namespace, addresses from a /24 of 198.18/15 (the benchmarking range; it exists only inside these
 * namespaces), and keepalived per gateway namespace (unicast adverts, advert_int 1 unless -Dtunnelgate.vrrp.advert-ms says otherwise) whose notify lines call
 * {@code tunnelgate agent notify …} through a wrapper script, as an operator's would. Everything it starts or
 * creates is stopped and removed by id and by its own unique names.
 */
final class VrrpLab implements AutoCloseable {
    /**
     * keepalived's {@code advert_int} in milliseconds, {@code -Dtunnelgate.vrrp.advert-ms=N} (default 1000); below
     * 1000 the lab speaks VRRPv3 ({@code vrrp_version 3}), which alone takes fractions of a second.
     */
    static final int ADVERT_MILLIS = advertMillis();
    /** keepalived's "master down interval" of a backup with priority 100: 3 adverts + skew (256 - 100) / 256 s. */
    static final Duration DETECTION = Duration.ofMillis(3L * ADVERT_MILLIS + (256 - 100) * 1000L / 256);

    private static int advertMillis() {
        int millis = Integer.getInteger("tunnelgate.vrrp.advert-ms", 1000);
        if (millis < 10 || millis > 255_000 || (millis > 1000 && millis % 1000 != 0)) {
            throw new IllegalArgumentException("tunnelgate.vrrp.advert-ms: 10-1000 (VRRPv3) or whole seconds");
        }
        return millis;
    }

    private final WireGuardNetns segment;
    private final Path work;
    private final String names =
            HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final String bridge = "vb" + names;
    private final int third = ThreadLocalRandom.current().nextInt(18, 250);
    private final List<Keepalived> keepaliveds = new ArrayList<>();
    private final List<AutoCloseable> others = new ArrayList<>();
    private int links;

    private VrrpLab(WireGuardNetns segment, Path work) {
        this.segment = segment;
        this.work = work;
    }

    static VrrpLab create(Path work) throws IOException {
        Files.createDirectories(work);
        var segment = WireGuardNetns.create("vrrp");
        try {
            var lab = new VrrpLab(segment, work);
            segment.exec("ip", "link", "add", lab.bridge, "type", "bridge");
            segment.exec("ip", "link", "set", "up", "dev", lab.bridge);
            return lab;
        } catch (IOException | RuntimeException e) {
            segment.close();
            throw e;
        }
    }

    /** The n-th address of the segment's /24, without prefix length. */
    String address(int host) {
        return "198.18." + third + "." + host;
    }

    /** The address keepalived moves between the gateways: the group's endpoint. */
    String vip() {
        return address(100);
    }

    /** Plugs the namespace into the bridge with a veth holding {@code address(host)}/24; returns its name. */
    String attach(WireGuardNetns netns, int host) throws IOException {
        String inside = "vl" + names + links;
        String port = "vp" + names + links++;
        run(List.of(
                "ip",
                "link",
                "add",
                inside,
                "netns",
                netns.namespace(),
                "type",
                "veth",
                "peer",
                "name",
                port,
                "netns",
                segment.namespace()));
        segment.exec("ip", "link", "set", port, "master", bridge);
        segment.exec("ip", "link", "set", "up", "dev", port);
        netns.exec("ip", "address", "add", address(host) + "/24", "dev", inside);
        netns.exec("ip", "link", "set", "up", "dev", inside);
        return inside;
    }

    /**
     * keepalived for one gateway: BACKUP at start with {@code nopreempt} (so a member that comes back does not take
     * the address from a working holder), unicast adverts to the other gateway.
     *
     * @param notify the command keepalived runs on a state change, {@code %s} standing for {@code master},
     *     {@code backup} or {@code fault}; null: no notify lines (VRRP alone)
     */
    Keepalived keepalived(WireGuardNetns gateway, String link, int host, int peerHost, int priority, String notify)
            throws IOException {
        String name = "ka" + keepaliveds.size();
        Path dir = work.resolve(name);
        Files.createDirectories(dir);
        var notifyLines = new StringBuilder();
        if (notify != null) {
            for (String state : List.of("master", "backup", "fault")) {
                notifyLines.append("    notify_%s \"%s\"\n".formatted(state, notify.formatted(state)));
            }
            // keepalived stopping (systemctl stop) gives the address up: the member holds it no longer.
            notifyLines.append("    notify_stop \"%s\"\n".formatted(notify.formatted("backup")));
        }
        String config = """
                global_defs {
                    router_id %s
                    script_user root
                %s}
                vrrp_instance tunnelgate {
                    state BACKUP
                    nopreempt
                    interface %s
                    virtual_router_id 51
                    priority %d
                    advert_int %s
                    unicast_src_ip %s
                    unicast_peer {
                        %s
                    }
                    virtual_ipaddress {
                        %s/24 dev %s
                    }
                %s}
                """.formatted(
                        "tg" + names + name,
                        ADVERT_MILLIS < 1000 ? "    vrrp_version 3\n" : "",
                        link,
                        priority,
                        ADVERT_MILLIS % 1000 == 0
                                ? Integer.toString(ADVERT_MILLIS / 1000)
                                : new java.math.BigDecimal(ADVERT_MILLIS)
                                        .movePointLeft(3)
                                        .toPlainString(),
                        address(host),
                        address(peerHost),
                        vip(),
                        link,
                        notifyLines);
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, config, StandardCharsets.US_ASCII);
        var keepalived = new Keepalived(gateway, dir, file);
        keepaliveds.add(keepalived);
        keepalived.start();
        return keepalived;
    }

    /**
     * A wrapper with the same command line as the installed {@code tunnelgate} launcher: the test's classpath and
     * JVM, {@code tunnelgate agent notify master --state-dir DIR} works as in production. Logs each call, for the
     * report of a failed test.
     */
    Path launcher() throws IOException {
        Path file = work.resolve("tunnelgate");
        if (!Files.exists(file)) {
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String script = """
                    #!/bin/sh
                    echo "$(date +%%s.%%N) tunnelgate $*" >> %s
                    exec %s -Xmx64m -XX:TieredStopAtLevel=1 -Xshare:auto -cp '%s' dev.tunnelgate.Application "$@" >> %s 2>&1
                    """.formatted(
                            work.resolve("notify.log"),
                            java,
                            System.getProperty("java.class.path"),
                            work.resolve("notify.log"));
            Files.writeString(file, script, StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        }
        return file;
    }

    /**
     * A notify script for a member without {@code tunnelgate agent --vip}: the policy rule and source route that
     * make WireGuard's packets leave from the VIP while the member holds it (docs/gateway.md gives the same
     * commands), and while it does not, a drop of WireGuard's outgoing packets (without it the client roamed to
     * the standby's own address in the first round, and later rounds measured no failover at all). Takes master,
     * backup or fault.
     */
    Path sourceRouteScript(String link, int listenPort) throws IOException {
        Path file = work.resolve("source-route-" + link);
        String script = """
                #!/bin/sh
                echo "$(date +%%s.%%N) source-route $1 %1$s" >> %2$s
                ip rule del pref 5182 2>/dev/null
                ip route flush table 51820 2>/dev/null
                nft delete table inet tgvrrp_standby 2>/dev/null
                if [ "$1" = master ]; then
                    ip rule add pref 5182 ipproto udp sport %3$d lookup 51820
                    ip route add %4$s/24 dev %1$s src %5$s table 51820
                else
                    # a standby sends nothing from its own address: clients would roam to it and bypass the VIP
                    nft add table inet tgvrrp_standby
                    nft add chain inet tgvrrp_standby out '{ type filter hook output priority 0; }'
                    nft add rule inet tgvrrp_standby out udp sport %3$d drop
                fi
                exit 0
                """.formatted(link, work.resolve("notify.log"), listenPort, address(0), vip());
        Files.writeString(file, script, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    String notifyLog() {
        try {
            return Files.readString(work.resolve("notify.log"));
        } catch (IOException e) {
            return "(no notify log)";
        }
    }

    /** Whether the VIP is an address of this gateway now. */
    boolean holds(WireGuardNetns gateway) {
        try {
            return gateway.exec("ip", "-o", "-4", "address", "show").contains(" " + vip() + "/");
        } catch (IOException e) {
            return false;
        }
    }

    /** Takes every link of the namespace down but loopback and WireGuard: the machine's network fails. */
    static List<String> cutOff(WireGuardNetns gateway) throws IOException {
        var down = new ArrayList<String>();
        for (String line : gateway.exec("ip", "-o", "link", "show").split("\n")) {
            String[] fields = line.split(":\\s+", 3);
            if (fields.length < 2) {
                continue;
            }
            String name = fields[1].split("@")[0];
            if (!name.equals("lo") && !name.equals(gateway.interfaceName())) {
                gateway.exec("ip", "link", "set", "down", "dev", name);
                down.add(name);
            }
        }
        return down;
    }

    static void reconnect(WireGuardNetns gateway, List<String> links) throws IOException {
        for (String link : links) {
            gateway.exec("ip", "link", "set", "up", "dev", link);
        }
    }

    /** Pings from the namespace every 100 ms for as long as the lab lives; records when each reply came. */
    Pinger ping(WireGuardNetns client, String address) throws IOException {
        var pinger = new Pinger(client, address);
        others.add(pinger);
        return pinger;
    }

    @Override
    public void close() throws Exception {
        var failures = new ArrayList<Exception>();
        for (var resource : others.reversed()) {
            try {
                resource.close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        for (var keepalived : keepaliveds) {
            try {
                keepalived.stop();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        // The bridge and the veths' bridge ends go with the segment namespace; the other ends with theirs.
        try {
            segment.close();
        } catch (IOException e) {
            failures.add(e);
        }
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
    }

    private static void run(List<String> command) throws IOException {
        try {
            var process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** One keepalived (its parent and VRRP child) in a gateway namespace, with files of its own. */
    static final class Keepalived {
        private final WireGuardNetns gateway;
        private final Path dir;
        private final Path config;
        private Process process;

        private Keepalived(WireGuardNetns gateway, Path dir, Path config) {
            this.gateway = gateway;
            this.dir = dir;
            this.config = config;
        }

        void start() throws IOException {
            var command = new ArrayList<>(gateway.prefix());
            command.addAll(List.of(
                    "keepalived",
                    "--dont-fork",
                    "--vrrp",
                    "--log-console",
                    "--log-detail",
                    "-f",
                    config.toString(),
                    "-p",
                    dir.resolve("keepalived.pid").toString(),
                    "-r",
                    dir.resolve("vrrp.pid").toString()));
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("keepalived.log").toFile()))
                    .start();
        }

        /**
         * SIGKILL to the parent and its VRRP child at once (the OOM killer, {@code kill -9} of both): neither
         * gives the address up.
         */
        void killBoth() throws IOException, InterruptedException {
            long child =
                    Long.parseLong(Files.readString(dir.resolve("vrrp.pid")).strip());
            ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
            // The child is ours (read from our own pid file): wait for it by id too.
            ProcessHandle.of(child).ifPresent(handle -> handle.onExit().join());
        }

        /** SIGTERM: keepalived leaves the address and sends priority 0, so the other takes over at once. */
        void stop() throws InterruptedException {
            if (process == null) {
                return;
            }
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            try {
                long child =
                        Long.parseLong(Files.readString(dir.resolve("vrrp.pid")).strip());
                ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
            } catch (IOException | NumberFormatException e) {
                // no child pid file: the child is gone and removed it
            }
        }

        /** How often the log says this, e.g. "Entering BACKUP STATE". */
        int count(String text) {
            String log = log();
            int count = 0;
            for (int at = log.indexOf(text); at >= 0; at = log.indexOf(text, at + 1)) {
                count++;
            }
            return count;
        }

        String log() {
            try {
                return Files.readString(dir.resolve("keepalived.log"));
            } catch (IOException e) {
                return "(no keepalived log)";
            }
        }
    }

    /** {@code ping -D -i 0.1} from a namespace; the reply times, in seconds since the epoch. */
    static final class Pinger implements AutoCloseable {
        private final Process process;
        private final List<Double> replies = new CopyOnWriteArrayList<>();

        private Pinger(WireGuardNetns client, String address) throws IOException {
            var command = new ArrayList<>(client.prefix());
            command.addAll(List.of("ping", "-D", "-n", "-i", "0.1", "-W", "1", address));
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            Thread.ofVirtual().start(() -> {
                try (var reader = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        // "[1796512053.241551] 64 bytes from 10.9.0.1: icmp_seq=1 ttl=64 time=0.5 ms"
                        if (line.startsWith("[") && line.contains(" bytes from ")) {
                            replies.add(Double.parseDouble(line.substring(1, line.indexOf(']'))));
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended
                }
            });
        }

        static double now() {
            return System.currentTimeMillis() / 1000.0;
        }

        int repliesSince(double since) {
            return (int) replies.stream().filter(t -> t >= since).count();
        }

        /**
         * The longest time without a reply that overlaps [from, to]: from the last reply before {@code from} (the
         * failure) to the next one, between two replies, or from the last reply to {@code to} when the replies have
         * not come back.
         */
        double longestGap(double from, double to) {
            double previous = from;
            for (double reply : replies) {
                if (reply < from) {
                    previous = reply;
                }
            }
            double longest = 0;
            for (double reply : replies) {
                if (reply >= from && reply <= to) {
                    longest = Math.max(longest, reply - previous);
                    previous = reply;
                }
            }
            return Math.max(longest, to - previous);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
