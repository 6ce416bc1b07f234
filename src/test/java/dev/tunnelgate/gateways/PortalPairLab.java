package dev.tunnelgate.gateways;

import dev.tunnelgate.agent.AgentProcess;
import dev.tunnelgate.agent.WireGuardNetns;
import dev.tunnelgate.testing.PortalProcess;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Two packaged portals on the test's PostgreSQL database behind a real HAProxy (a process of the test, with a
 * config generated from the lines of deploy/haproxy/haproxy.cfg: loopback addresses, no TLS), and two gateway
 * members, each a real {@code tunnelgate agent} on wireguard-go in a namespace of its own, long-polling through
 * HAProxy over a veth to the host. Both portals use the test JVM's embedded dev IdP as their external OIDC provider,
 * so a user is one account whichever portal signs them in.
 */
final class PortalPairLab implements AutoCloseable {
    static final String SERVER_COOKIE = "TUNNELGATE_SERVER";
    /** Set by the test's HAProxy only: the server that answered, so a test knows where a session lives. */
    static final String SERVED_BY = "X-Tunnelgate-Server";

    /**
     * The readiness path HAProxy checks; {@code -Dtunnelgate.test.pair-check=tcp} checks only that the port accepts
     * connections (for a portal built without /readyz).
     */
    static final String CHECK_PATH = System.getProperty("tunnelgate.test.pair-check", "/readyz");

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    final Path work;
    final WireGuardNetns gwA;
    final WireGuardNetns gwB;
    private final String hostA;
    private final String hostB;
    final int proxyPort;
    private final int statsPort;
    final Map<String, Integer> portalPorts;
    private final Map<String, String> portalSettings;
    private final PortalProcess[] portals = new PortalProcess[2];
    private Process haproxy;
    AgentProcess agentA;
    AgentProcess agentB;

    private PortalPairLab(
            Path work,
            WireGuardNetns gwA,
            WireGuardNetns gwB,
            String hostA,
            String hostB,
            Map<String, String> portalSettings)
            throws IOException {
        this.work = work;
        this.gwA = gwA;
        this.gwB = gwB;
        this.hostA = hostA;
        this.hostB = hostB;
        this.portalSettings = portalSettings;
        this.proxyPort = PortalProcess.freePort();
        this.statsPort = PortalProcess.freePort();
        this.portalPorts = Map.of("a", PortalProcess.freePort(), "b", PortalProcess.freePort());
    }

    /**
     * Builds the namespaces, starts both portals (in parallel), HAProxy and both agents.
     *
     * @param idpBaseUrl  the test JVM's address, whose embedded IdP both portals use
     * @param idpClientId the portal's client at that IdP
     * @param idpSecret   its client secret
     */
    static PortalPairLab start(
            String idpBaseUrl, String idpClientId, String idpSecret, IssuedCredential memberA, IssuedCredential memberB)
            throws Exception {
        var work = Files.createTempDirectory(
                "tunnelgate-pair", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        var settings = Map.of(
                "tunnelgate.dev-idp.enabled", "false",
                "tunnelgate.oidc.issuer-uri", idpBaseUrl,
                "tunnelgate.oidc.client-id", idpClientId,
                "tunnelgate.oidc.client-secret", idpSecret,
                "server.forward-headers-strategy", "native",
                // As application-postgres.properties has it, and a dead portal's running attempts are taken over
                // after 6 missed heartbeats: 12 s here instead of a minute.
                "db-scheduler.polling-strategy", "lock-and-fetch",
                "db-scheduler.heartbeat-interval", "2s");
        WireGuardNetns gwA = null;
        WireGuardNetns gwB = null;
        PortalPairLab lab = null;
        try {
            gwA = WireGuardNetns.create("pp");
            gwB = WireGuardNetns.create("pp");
            lab = new PortalPairLab(work, gwA, gwB, gwA.linkToHost(), gwB.linkToHost(), settings);
            lab.cleanup.add(gwA);
            lab.cleanup.add(gwB);
            var a = lab.startPortalAsync("a");
            var b = lab.startPortalAsync("b");
            a.join();
            b.join();
            lab.startHaproxy();
            lab.awaitUp("portal-a");
            lab.awaitUp("portal-b");
            // HA members share one WireGuard identity.
            String privateKey = gwA.exec("wg", "genkey").strip();
            lab.agentA = AgentProcess.start(
                    gwA, "http://" + lab.hostA + ":" + lab.proxyPort, memberA.token(), privateKey, work.resolve("a"));
            lab.agentB = AgentProcess.start(
                    gwB, "http://" + lab.hostB + ":" + lab.proxyPort, memberB.token(), privateKey, work.resolve("b"));
            return lab;
        } catch (Exception | Error e) {
            if (lab != null) {
                lab.close();
            } else {
                for (var netns : new WireGuardNetns[] {gwA, gwB}) {
                    if (netns != null) {
                        netns.close();
                    }
                }
            }
            throw e;
        }
    }

    String proxyUrl() {
        return "http://127.0.0.1:" + proxyPort;
    }

    PortalProcess portal(String name) {
        return portals[index(name)];
    }

    /** SIGKILL of portal {@code a} or {@code b}. */
    void kill(String name) throws InterruptedException {
        portals[index(name)].kill();
    }

    void startPortal(String name) throws Exception {
        var portal = PortalProcess.start("pair-" + name, portalPorts.get(name), "target/it-secret.key", portalSettings);
        portals[index(name)] = portal;
    }

    private CompletableFuture<Void> startPortalAsync(String name) {
        return CompletableFuture.runAsync(() -> {
            try {
                startPortal(name);
            } catch (Exception e) {
                throw new IllegalStateException("portal " + name + " did not start", e);
            }
        });
    }

    private static int index(String name) {
        return switch (name) {
            case "a" -> 0;
            case "b" -> 1;
            default -> throw new IllegalArgumentException("no portal " + name);
        };
    }

    /** The same lines as deploy/haproxy/haproxy.cfg, on loopback and the veths, without TLS. */
    String haproxyConfig() {
        return """
                global
                    log stdout format raw local0
                    maxconn 1000

                defaults
                    mode http
                    log global
                    option httplog
                    timeout connect 3s
                    timeout http-request 10s
                    timeout client 60s
                    timeout server 45s
                    timeout http-keep-alive 10s

                frontend tunnelgate
                    bind 127.0.0.1:%1$d
                    bind %2$s:%1$d
                    bind %3$s:%1$d
                    http-request del-header X-Forwarded-For
                    http-request del-header Forwarded
                    option forwardfor
                    http-request set-header X-Forwarded-Proto http
                    http-request set-header X-Forwarded-Host %%[req.hdr(host),regsub(:[0-9]+$,)]
                    http-request set-header X-Forwarded-Port %%[dst_port]
                    default_backend portals

                backend portals
                    balance roundrobin
                    cookie %4$s insert indirect nocache httponly
                    retries 3
                    option redispatch 1
                    retry-on conn-failure empty-response response-timeout
                    http-request disable-l7-retry unless METH_GET
                    %5$s
                    default-server inter 500ms fall 2 rise 2 fastinter 250ms downinter 1s maxconn 1000
                    server portal-a 127.0.0.1:%6$d check cookie a on-marked-down shutdown-sessions
                    server portal-b 127.0.0.1:%7$d check cookie b on-marked-down shutdown-sessions
                    http-response set-header %8$s %%s

                frontend stats
                    bind 127.0.0.1:%9$d
                    stats enable
                    stats uri /stats
                """.formatted(
                        proxyPort,
                        hostA,
                        hostB,
                        SERVER_COOKIE,
                        CHECK_PATH.equals("tcp")
                                ? "# TCP check only"
                                : "option httpchk GET " + CHECK_PATH + "\n    http-check expect status 200",
                        portalPorts.get("a"),
                        portalPorts.get("b"),
                        SERVED_BY,
                        statsPort);
    }

    private void startHaproxy() throws IOException {
        Path config = work.resolve("haproxy.cfg");
        Files.writeString(config, haproxyConfig(), StandardCharsets.US_ASCII);
        haproxy = new ProcessBuilder("haproxy", "-db", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(haproxyLog().toFile()))
                .start();
        cleanup.add(() -> {
            haproxy.destroy();
            if (!haproxy.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                haproxy.destroyForcibly().waitFor();
            }
        });
    }

    Path haproxyLog() {
        return work.resolve("haproxy.log");
    }

    String haproxyLogText() {
        try {
            return Files.readString(haproxyLog(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no HAProxy log: " + e.getMessage() + ")";
        }
    }

    /** HAProxy's view of a server of the backend: UP, DOWN, "UP 1/2" while rising, and so on. */
    String status(String server) {
        try {
            var response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/stats;csv"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            // # pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,...
            return response.body()
                    .lines()
                    .map(line -> line.split(","))
                    .filter(f -> f.length > 17 && f[0].equals("portals") && f[1].equals(server))
                    .map(f -> f[17])
                    .findFirst()
                    .orElse("(not listed)");
        } catch (IOException e) {
            return "(stats unreachable: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    void awaitUp(String server) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!status(server).equals("UP")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "HAProxy does not see " + server + " UP: " + status(server) + "\n" + haproxyLogText());
            }
            Thread.sleep(100);
        }
    }

    String logs() {
        return "\nagent A:\n" + (agentA == null ? "-" : agentA.log()) + "\nagent B:\n"
                + (agentB == null ? "-" : agentB.log()) + "\nportal logs: target/portal-pair-a.log, "
                + "target/portal-pair-b.log\nHAProxy log (tail):\n" + tail(haproxyLogText(), 40);
    }

    private static String tail(String text, int lines) {
        var all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public void close() throws Exception {
        var failures = new ArrayList<Exception>();
        var all = new ArrayList<AutoCloseable>();
        all.add(agentA);
        all.add(agentB);
        all.add(portals[0]);
        all.add(portals[1]);
        all.addAll(cleanup.reversed());
        for (var resource : all) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        try (var files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
    }
}
