package dev.tunnelgate.gateways;

import dev.tunnelgate.agent.AgentProcess;
import dev.tunnelgate.agent.WireGuardNetns;
import dev.tunnelgate.keys.WgKey;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.testing.PortalProcess;
import dev.tunnelgate.testing.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A VRRP gateway pair on real keepalived, wireguard-go and {@code tunnelgate agent}, with a stock {@code wg-quick}
 * client whose endpoint is the VIP, all on one bridge ({@link VrrpLab}). The agents talk to a packaged portal
 * process over veths to the host, as in {@link GatewayEndToEndIT}; the test JVM is a second portal instance on the
 * same PostgreSQL database, through which devices are enrolled, approved and revoked.
 * <p>
 * Member A (priority 150) takes the VIP first; both are {@code nopreempt}.
 */
abstract class VrrpPairTest extends GatewayIntegrationTest {
    private static final Logger log = LoggerFactory.getLogger(VrrpPairTest.class);
    protected static final Duration PATIENCE = Duration.ofSeconds(60);
    protected static final int LISTEN_PORT = 51820;

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    protected Path work;
    protected VrrpLab lab;
    protected WireGuardNetns gwA;
    protected WireGuardNetns gwB;
    protected WireGuardNetns client;
    protected String linkA;
    protected String linkB;
    protected PortalProcess portal;
    protected long group;
    protected long network;
    protected String gatewayTunnelAddress;
    protected IssuedCredential memberA;
    protected IssuedCredential memberB;
    protected AgentProcess agentA;
    protected AgentProcess agentB;
    protected VrrpLab.Keepalived keepalivedA;
    protected VrrpLab.Keepalived keepalivedB;
    private Path clientConfig;

    /**
     * Builds the pair and starts everything but the client's tunnel.
     *
     * @param takeover true: the agents run with {@code --vip} and keepalived notifies them (replies from the VIP,
     *     the takeover handshakes); false: the agents know nothing of the VIP, keepalived's notify only makes
     *     replies leave from the VIP (the policy rule of docs/gateway.md), there are no takeover handshakes
     * @param agentOptions further agent options, e.g. {@code --takeover-rate}
     */
    protected void buildPair(boolean takeover, List<String> agentOptions) throws Exception {
        WireGuardNetns.requirePrerequisites();
        if (TestDatabase.postgresUrl() == null) {
            WireGuardNetns.abortOrFail("the gateway failover test needs PostgreSQL (two portal instances share it)");
        }
        for (String tool : List.of("wg-quick", "ping", "keepalived")) {
            if (!WireGuardNetns.onPath(tool)) {
                WireGuardNetns.abortOrFail("the gateway failover test needs " + tool
                        + " (Debian: wireguard-tools, iputils-ping, keepalived)");
            }
        }
        work = Files.createTempDirectory(
                "tunnelgate-vrrp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        gwA = track(WireGuardNetns.create());
        gwB = track(WireGuardNetns.create());
        client = track(WireGuardNetns.create());
        lab = track(VrrpLab.create(work.resolve("lab")));
        linkA = lab.attach(gwA, 1);
        linkB = lab.attach(gwB, 2);
        lab.attach(client, 3);
        String portalFromA = gwA.linkToHost();
        String portalFromB = gwB.linkToHost();

        network = createNetwork();
        gatewayTunnelAddress = fixture.asAdmin(() -> networks.get(network))
                .gatewayAddresses()
                .getFirst()
                .toCanonicalString();
        group = fixture.group(lab.vip() + ":" + LISTEN_PORT, LISTEN_PORT, network);
        memberA = fixture.member(group, "gw-a");
        memberB = fixture.member(group, "gw-b");

        int portalPort = PortalProcess.freePort();
        portal = PortalProcess.start("vrrp", portalPort, "target/it-secret.key", Map.of());
        cleanup.add(portal);

        // HA members share one WireGuard identity: the operator copies one key file to both.
        String privateKey = gwA.exec("wg", "genkey").strip();
        var options = new ArrayList<String>();
        if (takeover) {
            options.addAll(List.of("--vip", lab.vip()));
        }
        options.addAll(agentOptions);
        agentA = track(AgentProcess.start(
                gwA,
                "http://" + portalFromA + ":" + portalPort,
                memberA.token(),
                privateKey,
                work.resolve("a"),
                options));
        agentB = track(AgentProcess.start(
                gwB,
                "http://" + portalFromB + ":" + portalPort,
                memberB.token(),
                privateKey,
                work.resolve("b"),
                options));
        awaitBothAcknowledge();
        String gatewayKey = gwA.wireGuard().read().publicKey();
        await(
                "the network's configs to carry the gateway key",
                () -> WgKey.parsePublic(gatewayKey)
                        .equals(fixture.asAdmin(() -> networks.get(network)).gatewayPublicKey()));

        String launcher = lab.launcher().toString();
        keepalivedA = lab.keepalived(
                gwA,
                linkA,
                1,
                2,
                150,
                takeover
                        ? launcher + " agent notify %s --state-dir " + agentA.stateDir()
                        : lab.sourceRouteScript(linkA, LISTEN_PORT) + " %s");
        await("member A to take the VIP", () -> lab.holds(gwA));
        keepalivedB = lab.keepalived(
                gwB,
                linkB,
                2,
                1,
                100,
                takeover
                        ? launcher + " agent notify %s --state-dir " + agentB.stateDir()
                        : lab.sourceRouteScript(linkB, LISTEN_PORT) + " %s");
        // B announces BACKUP; give its notify the time to run before anything is measured.
        await(
                "member B's keepalived to start as backup",
                () -> keepalivedB.log().contains("Entering BACKUP STATE"));
    }

    /** The network the group serves; a benchmark wants one that approves its own devices. */
    protected long createNetwork() {
        return fixture.network(ApprovalMode.MANUAL, 20);
    }

    @AfterEach
    void tearDownPair() throws Exception {
        var failures = new ArrayList<Exception>();
        if (clientConfig != null) {
            try {
                client.exec("wg-quick", "down", clientConfig.toString());
            } catch (IOException e) {
                failures.add(e);
            }
        }
        for (var resource : cleanup.reversed()) {
            try {
                resource.close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (work != null) {
            try (var files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
    }

    /**
     * Waits, after a failure at {@code failedAt} (epoch seconds), until the replies have come back and kept coming
     * for 2 s, or {@code patience} has passed; returns the longest gap between replies, in seconds.
     */
    protected static double outage(VrrpLab.Pinger pinger, double failedAt, Duration patience)
            throws InterruptedException {
        double deadline = failedAt + patience.toMillis() / 1000.0;
        while (VrrpLab.Pinger.now() < deadline) {
            double now = VrrpLab.Pinger.now();
            // Back: replies throughout the last 2 s (20 sent, at most a couple lost).
            if (now - failedAt > 2.5 && pinger.longestGap(now - 2, now) < 0.5 && pinger.repliesSince(now - 2) >= 15) {
                break;
            }
            Thread.sleep(100);
        }
        return pinger.longestGap(failedAt, Math.min(VrrpLab.Pinger.now(), deadline));
    }

    /** Both members report the group's current revision (read from the shared database). */
    protected void awaitBothAcknowledge() throws Exception {
        long revision = groupRevision();
        await(
                "both members to acknowledge revision " + revision,
                () -> appliedRevision(memberA) >= revision && appliedRevision(memberB) >= revision);
    }

    protected long groupRevision() {
        return jdbc.queryForObject("select revision from gateway_group where id = ?", Long.class, group);
    }

    protected long appliedRevision(IssuedCredential member) {
        return fixture.asAdmin(() -> gateways.members(group)).stream()
                .filter(m -> m.id() == member.memberId())
                .findFirst()
                .orElseThrow()
                .appliedRevision();
    }

    /** The member's endpoint role as the portal stored it (gateway_member.endpoint_role), or null. */
    protected String endpointRole(IssuedCredential member) {
        return jdbc.queryForObject(
                "select endpoint_role from gateway_member where id = ?", String.class, member.memberId());
    }

    /** Writes the portal's config with the device's private key put in for the placeholder, and runs wg-quick. */
    protected void wgQuickUp(GatewayFixture.Enrolled device) throws IOException {
        var text = fixture.as(device.enrollment().device().ownerId(), () -> devices.config(device.id()))
                .text();
        if (text == null) {
            throw new AssertionError("no config for a device in a network with a gateway");
        }
        var withKey = text.lines()
                .map(line -> line.startsWith("PrivateKey")
                        ? "PrivateKey = " + device.keys().privateKey().toBase64()
                        : line)
                .reduce("", (a, b) -> a + b + "\n");
        String name = clientInterface();
        Path file = work.resolve(name + ".conf");
        Files.writeString(file, withKey, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        client.exec("wg-quick", "up", file.toString());
        clientConfig = file;
    }

    /** The client's wg-quick interface (named after its config file). */
    protected String clientInterface() {
        return "tgc" + fixture.suffix.substring(0, 6) + "v";
    }

    protected boolean pingWorks() {
        return client.pings(gatewayTunnelAddress);
    }

    protected static List<String> peersOf(WireGuardNetns gateway) {
        return gateway.peerKeys();
    }

    protected <T extends AutoCloseable> T track(T resource) {
        cleanup.add(resource);
        return resource;
    }

    protected static void step(String what) {
        log.info("--- {}", what);
    }

    protected void await(String what, BooleanSupplier condition) throws Exception {
        awaitWithin(what, PATIENCE, condition);
    }

    protected void awaitWithin(String what, Duration patience, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + patience + "\n" + diagnostics());
            }
            Thread.sleep(50);
        }
    }

    protected String diagnostics() {
        return "agent A:\n" + (agentA == null ? "-" : agentA.log()) + "\nagent B:\n"
                + (agentB == null ? "-" : agentB.log()) + "\nkeepalived A:\n"
                + (keepalivedA == null ? "-" : keepalivedA.log()) + "\nkeepalived B:\n"
                + (keepalivedB == null ? "-" : keepalivedB.log()) + "\nnotify:\n"
                + (lab == null ? "-" : lab.notifyLog()) + "\nportal log: " + (portal == null ? "-" : portal.log);
    }
}
