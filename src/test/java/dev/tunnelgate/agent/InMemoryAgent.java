package dev.tunnelgate.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The agent's real loop, client and state handling, in this JVM, on {@link InMemoryWireGuardInterface} instead of
 * a kernel or wireguard-go interface: an extra gateway member for benchmarks that need more than one.
 */
public final class InMemoryAgent implements AutoCloseable {
    private final AgentLoop loop;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private final HttpClient http;
    private final InMemoryWireGuardInterface wireGuard;
    private final InMemoryFirewall firewall = new InMemoryFirewall();
    private final AgentMetrics metrics = new AgentMetrics(InstantSource.system(), "in-memory");
    private @Nullable MetricsServer metricsServer;

    private InMemoryAgent(String portalUrl, String token, Path stateDir) {
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        var portal = new PortalClient(http, URI.create(portalUrl), token, "in-memory");
        wireGuard = new InMemoryWireGuardInterface(TestKeys.publicKey(), 51820);
        var keeper = new InterfaceKeeper(
                wireGuard,
                firewall,
                config -> {},
                new StateStore(stateDir),
                new StatusReporter(portal, "in-memory"),
                metrics);
        loop = new AgentLoop(
                portal,
                keeper,
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), Math::random),
                duration -> stop.await(duration.toMillis(), TimeUnit.MILLISECONDS),
                AgentLoop.WAIT_SECONDS,
                metrics);
        thread = Thread.ofPlatform().name("in-memory-agent").daemon().start(loop::run);
    }

    public static InMemoryAgent start(String portalUrl, String token, Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwx------"));
        return new InMemoryAgent(portalUrl, token, stateDir);
    }

    /**
     * Serves the agent's metrics as {@code --metrics-listen} does, on a free loopback port; returns the URL to
     * scrape.
     */
    public String serveMetrics() throws IOException {
        var drops = new FirewallDrops(firewall, InstantSource.system());
        var server = MetricsServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), () -> metrics.render(drops.read()));
        metricsServer = server;
        return "http://127.0.0.1:" + server.address().getPort() + MetricsServer.PATH;
    }

    public int peerCount() {
        return wireGuard.read().peers().size();
    }

    @Override
    public void close() throws InterruptedException {
        if (metricsServer != null) {
            metricsServer.close();
        }
        loop.stop();
        stop.countDown();
        http.shutdownNow();
        thread.join(10_000);
    }
}
