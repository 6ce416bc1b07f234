package dev.tunnelgate.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@code tunnelgate agent …}: runs the gateway agent until SIGTERM. Started by {@code Application.main} before
 * anything of Spring is loaded. Exit code 2 means the command line is wrong, or the token file is while there is no
 * persisted state to serve.
 */
public final class AgentMain {
    static final int USAGE_ERROR = 2;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration BACKOFF_INITIAL = Duration.ofSeconds(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    static {
        // One line per event, for the journal; set before any logger exists. An operator's own setting wins.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %5$s%n");
        }
    }

    private static final System.Logger LOG = System.getLogger(AgentMain.class.getName());

    private AgentMain() {}

    public static void main(String[] args) {
        int exitCode = run(args, System.out, System.err);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** Checks the command line and the token file, then runs the agent until it is stopped. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> arguments = List.of(args);
        if (arguments.equals(List.of("--help")) || arguments.equals(List.of("-h"))) {
            out.println(AgentOptions.USAGE);
            return 0;
        }
        if (!arguments.isEmpty() && arguments.getFirst().equals("notify")) {
            return NotifyCommand.run(arguments.subList(1, arguments.size()), out, err);
        }
        if (arguments.equals(List.of("--version"))) {
            out.println(AgentVersion.current());
            return 0;
        }
        AgentOptions options;
        try {
            options = AgentOptions.parse(arguments);
        } catch (AgentOptions.UsageException e) {
            err.println("tunnelgate agent: " + e.getMessage());
            err.println(AgentOptions.USAGE);
            return USAGE_ERROR;
        }
        String token = null;
        try {
            token = TokenFile.read(options.tokenFile());
        } catch (IOException e) {
            if (!Files.exists(options.stateDir().resolve(StateStore.FILE_NAME))) {
                err.println("tunnelgate agent: " + e.getMessage());
                return USAGE_ERROR;
            }
            // Fail static: a gateway that reboots with a broken token file still serves the peers it had.
            err.println("tunnelgate agent: " + e.getMessage()
                    + "; serving the persisted state, the portal is asked once the" + " token file is fixed");
        }
        try {
            createStateDir(options.stateDir());
        } catch (IOException e) {
            err.println("tunnelgate agent: " + e.getMessage());
            return USAGE_ERROR;
        }
        var tokens = new TokenSource(options.tokenFile(), token);
        runAgent(options, tokens);
        return 0;
    }

    private static void createStateDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    private static void runAgent(AgentOptions options, TokenSource token) {
        String version = AgentVersion.current();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        var portal = new PortalClient(http, options.portal(), token, version, PortalClient.POLL_GRACE);
        var interfaceSetup = new InterfaceSetup();
        InterfaceKeeper.Setup setup = config -> interfaceSetup.ensure(new InterfaceSetup.Settings(
                options.interfaceName(), options.privateKeyFile(), config.listenPort(), config.addresses()));
        Firewall firewall = options.firewall() == AgentOptions.FirewallMode.NONE
                ? new NoFirewall()
                : new NftFirewall(options.interfaceName(), List.of(), WgCommandInterface.DEFAULT_TIMEOUT);
        var dnsChecks = new DnsChecks(new DnsProbe());
        var metrics = new AgentMetrics(InstantSource.system(), version);
        InetAddress vip = options.vip();
        var roles = new RoleWatcher(
                new RoleFile(options.stateDir()),
                vip == null ? null : new VipProbe(vip, List.of()),
                InstantSource.system());
        var wireGuard = new WgCommandInterface(options.interfaceName());
        var keeper = new InterfaceKeeper(
                wireGuard,
                firewall,
                setup,
                new StateStore(options.stateDir()),
                new StatusReporter(portal, version, dnsChecks::latest, roles::current),
                metrics);
        var knownEndpoints = new EndpointCache(options.stateDir());
        var failover = new Failover(
                vip == null ? null : new SourceRoute(vip, options.vipTable(), List.of()),
                new StandbyBlock(vip == null ? List.of("-4", "-6") : List.of(SourceRoute.family(vip)), List.of()),
                keeper,
                new Takeover(
                        wireGuard,
                        keeper::setEndpoints,
                        knownEndpoints,
                        options.takeoverRate(),
                        System::nanoTime,
                        nanos -> TimeUnit.NANOSECONDS.sleep(nanos)),
                Takeover.ChannelNudger::new,
                roles::current,
                metrics);
        var stopSignal = new CountDownLatch(1);
        var loop = new AgentLoop(
                portal,
                keeper,
                new Backoff(
                        BACKOFF_INITIAL,
                        options.maxBackoff(),
                        () -> ThreadLocalRandom.current().nextDouble()),
                duration -> stopSignal.await(duration.toMillis(), TimeUnit.MILLISECONDS),
                AgentLoop.WAIT_SECONDS,
                metrics);
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "tunnelgate-agent-timers");
            thread.setDaemon(true);
            return thread;
        });
        LOG.log(
                Level.INFO,
                "tunnelgate agent %s: interface %s, portal %s, state in %s"
                        .formatted(version, options.interfaceName(), options.portal(), options.stateDir()));
        if (options.portal().getScheme().equals("http")) {
            LOG.log(
                    Level.WARNING,
                    "the portal URL is plain http: the token and preshared keys cross the network unencrypted");
        }
        MetricsServer metricsServer =
                serveMetrics(options, metrics, new FirewallDrops(firewall, InstantSource.system()));
        Thread loopThread = Thread.currentThread();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            // java.util.logging closes its handlers in a shutdown hook of its own, maybe before this
                            // one runs.
                            stderr("stopping; the interface stays up with its current peers");
                            loop.stop();
                            stopSignal.countDown();
                            keeper.close();
                            timers.shutdownNow();
                            // The source route stays: replies keep leaving from the VIP while it is here.
                            failover.close();
                            http.shutdownNow();
                            if (metricsServer != null) {
                                metricsServer.close();
                            }
                            try {
                                loopThread.join(STOP_TIMEOUT.toMillis());
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            stderr("stopped");
                        },
                        "tunnelgate-agent-stop"));

        keeper.restore();
        knownEndpoints.load();
        var roleThread = new Thread(() -> roles.run(failover::changed), "tunnelgate-agent-role");
        roleThread.setDaemon(true);
        roleThread.start();
        var endpointFetch = new EndpointFetch(portal, knownEndpoints);
        schedule(timers, keeper::checkDrift, options.driftInterval());
        schedule(
                timers,
                () -> {
                    // Outside the keeper's lock, right before the report that carries the results.
                    dnsChecks.run(keeper.dnsServers());
                    keeper.reportStats();
                    if (roles.current() == dev.tunnelgate.protocol.EndpointRole.HOLDER) {
                        endpointFetch.run();
                        failover.refresh();
                    }
                },
                options.reportInterval());
        schedule(
                timers,
                () -> {
                    // A standby takes over with what it knew last: new clients and roamed ones must be in it.
                    if (roles.current() == dev.tunnelgate.protocol.EndpointRole.STANDBY) {
                        endpointFetch.run();
                        failover.refresh();
                    }
                },
                // A report interval shorter still (a lab's) is no reason for a standby to know less.
                options.endpointsInterval().compareTo(options.reportInterval()) < 0
                        ? options.endpointsInterval()
                        : options.reportInterval());
        loop.run();
    }

    /**
     * Starts the metrics server if asked to. A port that cannot be had is logged, not fatal: a gateway whose metrics
     * port is taken must still serve its tunnel (fail static), also after a reboot.
     */
    private static @Nullable MetricsServer serveMetrics(
            AgentOptions options, AgentMetrics metrics, FirewallDrops drops) {
        var address = options.metricsListen();
        if (address == null) {
            return null;
        }
        try {
            var server = MetricsServer.start(address, () -> metrics.render(drops.read()));
            LOG.log(Level.INFO, "metrics at http://" + hostAndPort(server.address()) + MetricsServer.PATH);
            return server;
        } catch (IOException | RuntimeException e) {
            LOG.log(
                    Level.ERROR,
                    "metrics NOT served: cannot listen on " + hostAndPort(address) + ": " + InterfaceKeeper.message(e));
            return null;
        }
    }

    private static String hostAndPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** The log format of {@link #LOG}, for the shutdown hook. */
    private static void stderr(String message) {
        System.err.printf(Locale.ROOT, "%1$tF %1$tT INFO %2$s%n", ZonedDateTime.now(), message);
    }

    private static void schedule(ScheduledExecutorService timers, Runnable task, Duration interval) {
        timers.scheduleWithFixedDelay(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        // An exception would cancel every later run of this task.
                        LOG.log(Level.ERROR, "timer task failed: " + InterfaceKeeper.message(e));
                    }
                },
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }
}
