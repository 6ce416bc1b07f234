package dev.tunnelgate.agent;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away network namespace with a uniquely named WireGuard interface (wireguard-go), for tests that
 * need the real {@code wg}. Several can be joined with veth pairs to build a gateway and a client.
 * Everything it creates is removed by {@link #close()}, found by name and pid, never by pattern.
 */
public final class WireGuardNetns implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final List<String> TOOLS = List.of("wireguard-go", "wg", "ip");
    // wireguard-go keeps one control socket per interface name here, shared by all namespaces.
    private static final Path SOCKETS = Path.of("/var/run/wireguard");

    private final String prefixName;
    private final String names;
    private final String namespace;
    private final String interfaceName;
    private final Path workDir;
    private final ProcessRunner host = new ProcessRunner(List.of(), TIMEOUT);
    private final ProcessRunner inside;
    private final List<String> hostLinks = new ArrayList<>();
    private int veths;

    private WireGuardNetns(String prefix, String suffix, Path workDir) {
        this.prefixName = prefix;
        this.names = suffix;
        this.namespace = prefix + "n" + suffix;
        this.interfaceName = prefix + "w" + suffix;
        this.workDir = workDir;
        this.inside = new ProcessRunner(prefix(), TIMEOUT);
    }

    /** Why these tests cannot run here, or empty when they can. */
    public static Optional<String> missingPrerequisite() {
        try {
            if (!Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))) {
                return Optional.of("network-namespace tests need root (ip netns add, TUN devices)");
            }
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("network-namespace tests need Linux with /proc: " + e.getMessage());
        }
        for (String tool : TOOLS) {
            if (!onPath(tool)) {
                return Optional.of("network-namespace tests need `" + tool
                        + "` on PATH (Debian: wireguard-go, wireguard-tools, iproute2)");
            }
        }
        return Optional.empty();
    }

    /**
     * Aborts the calling test with the reason when the machine cannot run namespace tests; with {@code CI=true} it
     * fails instead, so CI never counts a test that did not run as passed.
     */
    public static void requirePrerequisites() {
        missingPrerequisite().ifPresent(WireGuardNetns::abortOrFail);
    }

    /** The same rule for any other missing prerequisite of a namespace test. */
    public static void abortOrFail(String reason) {
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(reason);
        }
        Assumptions.abort(reason);
    }

    public static WireGuardNetns create() throws IOException {
        return create("tg");
    }

    /**
     * A namespace whose names (namespace, interfaces, veths) all start with {@code prefix}, 2-5 letters: several
     * test suites can run on one host and each finds its own leftovers by name.
     */
    public static WireGuardNetns create(String prefix) throws IOException {
        if (!prefix.matches("[a-z]{2,5}")) {
            throw new IllegalArgumentException("a prefix is 2-5 lower-case letters");
        }
        // 8 hex digits keep prefix+"w"+suffix within the 15-character interface name limit.
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Path workDir = Files.createTempDirectory(
                "tunnelgate-" + suffix,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        var netns = new WireGuardNetns(prefix, suffix, workDir);
        try {
            netns.host.run(List.of("ip", "netns", "add", netns.namespace), null);
            netns.inside.run(List.of("ip", "link", "set", "up", "dev", "lo"), null);
            return netns;
        } catch (IOException | RuntimeException e) {
            netns.close();
            throw e;
        }
    }

    public String namespace() {
        return namespace;
    }

    public String interfaceName() {
        return interfaceName;
    }

    private String link(char kind) {
        return prefixName + kind + names;
    }

    public List<String> prefix() {
        return List.of("ip", "netns", "exec", namespace);
    }

    public Path privateKeyFile() {
        return workDir.resolve("private.key");
    }

    /** Creates the WireGuard interface through {@link InterfaceSetup} and returns its public key. */
    public String setUp(int listenPort, String... addresses) throws IOException {
        return new InterfaceSetup(prefix(), TIMEOUT)
                .ensure(new InterfaceSetup.Settings(interfaceName, privateKeyFile(), listenPort, List.of(addresses)));
    }

    public WgCommandInterface wireGuard() {
        return new WgCommandInterface(interfaceName, prefix(), TIMEOUT);
    }

    /** Runs a command inside the namespace and returns its stdout. */
    public String exec(String... command) throws IOException {
        return inside.run(List.of(command), null);
    }

    /**
     * Links this namespace to another with a veth pair. Use /30s from 10.x or 172.16/12 that exist only
     * inside test namespaces, e.g. 172.31.7.1/30 and 172.31.7.2/30.
     */
    public void veth(WireGuardNetns other, String localAddress, String otherAddress) throws IOException {
        // Numbered: a namespace may have several veths (a gateway between a client and a service).
        String local = link('v') + veths++;
        String remote = other.link('v') + other.veths++;
        host.run(
                List.of(
                        "ip",
                        "link",
                        "add",
                        local,
                        "netns",
                        namespace,
                        "type",
                        "veth",
                        "peer",
                        "name",
                        remote,
                        "netns",
                        other.namespace),
                null);
        inside.run(List.of("ip", "address", "add", localAddress, "dev", local), null);
        inside.run(List.of("ip", "link", "set", "up", "dev", local), null);
        other.inside.run(List.of("ip", "address", "add", otherAddress, "dev", remote), null);
        other.inside.run(List.of("ip", "link", "set", "up", "dev", remote), null);
    }

    /**
     * Links this namespace to the root namespace, where the test JVM runs, with a veth pair: a server the test
     * binds to {@code hostAddress} is reachable from inside at that address. Use a /30 from 172.31/16.
     */
    public void vethToHost(String hostAddress, String localAddress) throws IOException {
        String hostSide = link('h');
        String local = link('r');
        host.run(
                List.of("ip", "link", "add", hostSide, "type", "veth", "peer", "name", local, "netns", namespace),
                null);
        hostLinks.add(hostSide);
        host.run(List.of("ip", "address", "add", hostAddress, "dev", hostSide), null);
        host.run(List.of("ip", "link", "set", "up", "dev", hostSide), null);
        inside.run(List.of("ip", "address", "add", localAddress, "dev", local), null);
        inside.run(List.of("ip", "link", "set", "up", "dev", local), null);
    }

    /** Pids of processes living in this namespace (here: the daemonized wireguard-go). */
    public List<Long> pids() throws IOException {
        var pids = new ArrayList<Long>();
        for (String line :
                host.run(List.of("ip", "netns", "pids", namespace), null).split("\n")) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.strip()));
            }
        }
        return pids;
    }

    @Override
    public void close() throws IOException {
        var failures = new ArrayList<Exception>();
        try {
            for (long pid : pids()) {
                stop(pid);
            }
        } catch (IOException | RuntimeException e) {
            failures.add(e);
        }
        // Deleting one end of a veth pair deletes both; the namespace's end would go with it, the root's would not.
        for (String link : hostLinks) {
            ignoreFailure(() -> host.execute(List.of("ip", "link", "del", "dev", link), null));
        }
        // Normally gone with wireguard-go; deleting by our own unique name is safe if it lingered.
        ignoreFailure(() -> inside.execute(List.of("ip", "link", "del", "dev", interfaceName), null));
        try {
            Files.deleteIfExists(SOCKETS.resolve(interfaceName + ".sock"));
        } catch (IOException e) {
            failures.add(e);
        }
        try {
            host.run(List.of("ip", "netns", "del", namespace), null);
        } catch (IOException e) {
            failures.add(e);
        }
        try (var files = Files.walk(workDir)) {
            files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            failures.add(e);
        }
        if (!failures.isEmpty()) {
            var error = new IOException("cleaning up namespace " + namespace + " failed");
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }

    private static void stop(long pid) {
        ProcessHandle.of(pid).ifPresent(process -> {
            process.destroy(); // SIGTERM: wireguard-go removes its TUN device and socket
            try {
                process.onExit().get(5, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        });
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void ignoreFailure(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            // best effort; the namespace deletion below removes whatever is left inside it
        }
    }

    /** Whether {@code tool} is an executable on the PATH (sbin included when PATH is unset). */
    public static boolean onPath(String tool) {
        for (String dir : System.getenv()
                .getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
                .split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** A /30 in 172.31/16 that no address of the root namespace is in; returns third octet &lt;&lt; 8 | base. */
    public static int freeSubnet() throws IOException {
        String used = new ProcessRunner(List.of(), TIMEOUT).run(List.of("ip", "-o", "-4", "address", "show"), null);
        for (int attempt = 0; attempt < 50; attempt++) {
            int third = ThreadLocalRandom.current().nextInt(64, 255);
            if (!used.contains(" 172.31." + third + ".")) {
                return third << 8 | ThreadLocalRandom.current().nextInt(64) * 4;
            }
        }
        throw new IllegalStateException("no free /30 in 172.31/16");
    }

    /** The n-th address (1 or 2) of a /30 from {@link #freeSubnet}, without prefix length. */
    public static String address(int subnet, int host) {
        return "172.31." + (subnet >> 8) + "." + ((subnet & 0xff) + host);
    }

    /**
     * Joins this namespace to the host with a veth pair in a free /30 and returns the host side's address: the
     * address at which a process in the namespace reaches a portal listening on the host.
     */
    public String linkToHost() throws IOException {
        int subnet = freeSubnet();
        String hostAddress = address(subnet, 1);
        vethToHost(hostAddress + "/30", address(subnet, 2) + "/30");
        return hostAddress;
    }

    /** Whether one ping from this namespace to {@code address} is answered within a second. */
    public boolean pings(String address) {
        try {
            exec("ping", "-c", "1", "-W", "1", address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The public keys of the peers on this namespace's interface now; none when it cannot be read. */
    public List<String> peerKeys() {
        try {
            return List.copyOf(wireGuard().read().peers().keySet());
        } catch (IOException e) {
            return List.of();
        }
    }
}
