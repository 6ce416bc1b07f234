package dev.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.protocol.AgentWire;
import dev.tunnelgate.protocol.EndpointRole;
import dev.tunnelgate.protocol.GatewayState;
import dev.tunnelgate.protocol.InterfaceConfig;
import dev.tunnelgate.protocol.KnownEndpoint;
import dev.tunnelgate.protocol.PeerSpec;
import dev.tunnelgate.protocol.StatusReport;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The agent of a VRRP member in a gateway namespace, a stock client in another, a LAN between them: the VIP appears
 * as a secondary address (as keepalived adds it), and the agent, without the client sending anything, sets the
 * client's endpoint, starts the handshake, and its packets leave from the VIP.
 */
@Tag("no-database")
class FailoverIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String LAN = "10.77.0.";
    private static final String VIP = LAN + "100";
    private static final int GATEWAY_PORT = 51820;
    private static final int CLIENT_PORT = 51821;

    private final List<Process> processes = new ArrayList<>();
    private WireGuardNetns gateway;
    private WireGuardNetns client;
    private FakePortal portal;
    private Path work;

    @BeforeEach
    void createPair() throws IOException {
        WireGuardNetns.requirePrerequisites();
        work = Files.createTempDirectory(
                "tunnelgate-failover-it",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path token = work.resolve("token");
        Files.writeString(token, "gw-failover-it.token\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        gateway = WireGuardNetns.create("tgha");
        client = WireGuardNetns.create("tghc");
        gateway.veth(client, LAN + "1/24", LAN + "2/24");
        int subnet = WireGuardNetns.freeSubnet();
        gateway.vethToHost(WireGuardNetns.address(subnet, 1) + "/30", WireGuardNetns.address(subnet, 2) + "/30");
        portal = FakePortal.start(
                InetAddress.getByName(WireGuardNetns.address(subnet, 1)), Duration.ofSeconds(AgentLoop.WAIT_SECONDS));
    }

    @AfterEach
    void removeEverything() throws IOException, InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        if (portal != null) {
            portal.close();
        }
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (work != null) {
            try (var files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void on_taking_the_vip_over_the_agent_starts_the_handshake_with_the_clients_endpoint_from_the_vip()
            throws Exception {
        String clientKey = client.setUp(CLIENT_PORT, "10.81.0.2/24");
        portal.answer(GatewayState.snapshot(
                1,
                new InterfaceConfig(GATEWAY_PORT, List.of("10.81.0.1/24")),
                List.of(new PeerSpec(clientKey, null, List.of("10.81.0.2/32")))));
        // Where another member last saw the client: this gateway never did.
        portal.answerEndpointsWith(
                200,
                AgentWire.encodeEndpoints(List.of(new KnownEndpoint(
                        clientKey, LAN + "2:" + CLIENT_PORT, Instant.now().minusSeconds(30)))));
        startAgent();

        StatusReport standby = portal.awaitReport(
                report -> report.appliedRevision() == 1 && report.endpointRole() == EndpointRole.STANDBY, PATIENCE);
        String gatewayKey = standby.publicKey();
        client.exec(
                "wg",
                "set",
                client.interfaceName(),
                "peer",
                gatewayKey,
                "endpoint",
                VIP + ":" + GATEWAY_PORT,
                "allowed-ips",
                "10.81.0.1/32");
        await("the known endpoints fetched", () -> portal.endpointRequests() > 0);
        assertThat(clientHandshake(gatewayKey)).isZero();
        assertThat(gateway.exec("ip", "-4", "rule", "show", "pref", "5182")).isBlank();

        // A standby that knows the client's endpoint (from an earlier turn as holder) and gets traffic for it: the
        // handshake it starts would leave from its own address, and the client would roam there. It must not leave.
        await(
                "the standby's blackhole rule",
                () -> exec(gateway, "ip", "-4", "rule", "show", "pref", "5181")
                        .contains("ipproto udp sport " + GATEWAY_PORT + " blackhole"));
        gateway.exec("wg", "set", gateway.interfaceName(), "peer", clientKey, "endpoint", LAN + "2:" + CLIENT_PORT);
        exec(gateway, "ping", "-c", "3", "-i", "0.5", "-W", "1", "10.81.0.2");
        Thread.sleep(1000); // what a handshake would need to arrive, so the next two lines could fail
        assertThat(clientHandshake(gatewayKey)).isZero();
        assertThat(client.exec("wg", "show", client.interfaceName(), "endpoints"))
                .contains(gatewayKey + "\t" + VIP + ":" + GATEWAY_PORT);

        // As keepalived adds it: a secondary address without a label.
        String lanDevice = gateway.exec("ip", "-o", "-4", "address", "show", "to", LAN + "1")
                .split("\\s+")[1];
        gateway.exec("ip", "address", "add", VIP + "/24", "dev", lanDevice);

        portal.awaitReport(report -> report.endpointRole() == EndpointRole.HOLDER, PATIENCE);
        await("a handshake the gateway started", () -> clientHandshake(gatewayKey) > 0);
        // The client roams to where authenticated packets come from: still the VIP, so replies left from it.
        assertThat(client.exec("wg", "show", client.interfaceName(), "endpoints"))
                .contains(gatewayKey + "\t" + VIP + ":" + GATEWAY_PORT);
        assertThat(gateway.exec("wg", "show", gateway.interfaceName(), "endpoints"))
                .contains(clientKey + "\t" + LAN + "2:" + CLIENT_PORT);
        assertThat(gateway.exec(
                        "ip", "route", "get", LAN + "2", "ipproto", "udp", "sport", Integer.toString(GATEWAY_PORT)))
                .contains("src " + VIP);
        assertThat(gateway.exec("ip", "route", "get", LAN + "2", "ipproto", "udp", "sport", "51899"))
                .contains("src " + LAN + "1");
        assertThat(log()).contains("took over: 1 peer(s), 1 with an endpoint, 1 handshake(s) started");

        // keepalived takes the VIP away: the rule and the table go, replies use the primary address again.
        gateway.exec("ip", "address", "del", VIP + "/24", "dev", lanDevice);
        int reports = portal.reports().size();
        await(
                "a STANDBY report after the VIP went",
                () -> portal.reports().stream().skip(reports).anyMatch(r -> r.endpointRole() == EndpointRole.STANDBY));
        await(
                "the rule removed",
                () -> exec(gateway, "ip", "-4", "rule", "show", "pref", "5182").isBlank());
        assertThat(exec(gateway, "ip", "-4", "route", "show", "table", "51820")).isBlank();

        // keepalived's notify, newer than the address's last change, wins over it.
        assertThat(notify("master")).isZero();
        portal.awaitReport(report -> report.endpointRole() == EndpointRole.HOLDER, PATIENCE);
        int later = portal.reports().size();
        assertThat(notify("backup")).isZero();
        await(
                "a STANDBY report after notify backup",
                () -> portal.reports().stream().skip(later).anyMatch(r -> r.endpointRole() == EndpointRole.STANDBY));
        assertThat(notify("primary")).isEqualTo(AgentMain.USAGE_ERROR);
        await(
                "the blackhole rule back on STANDBY",
                () -> exec(gateway, "ip", "-4", "rule", "show", "pref", "5181").contains("blackhole"));
        assertThat(log()).contains("standby: WireGuard forgot its sessions with 1 peer(s)");

        // A stopped agent lifts the blackhole: keepalived may promote this member with no agent running.
        Process agent = processes.getFirst();
        agent.destroy();
        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(gateway.exec("ip", "-4", "rule", "show", "pref", "5181")).isBlank();
    }

    private long clientHandshake(String gatewayKey) {
        String shown = exec(client, "wg", "show", client.interfaceName(), "latest-handshakes");
        for (String line : shown.split("\n")) {
            String[] fields = line.split("\t");
            if (fields.length == 2 && fields[0].equals(gatewayKey)) {
                return Long.parseLong(fields[1].strip());
            }
        }
        return 0;
    }

    private static String exec(WireGuardNetns netns, String... command) {
        try {
            return netns.exec(command);
        } catch (IOException e) {
            return "(failed: " + e.getMessage() + ")";
        }
    }

    private List<String> java() {
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.tunnelgate.Application",
                "agent");
    }

    private void startAgent() throws IOException {
        var command = new ArrayList<>(gateway.prefix());
        command.addAll(java());
        command.addAll(List.of(
                "--portal", portal.uri().toString(),
                "--token-file", work.resolve("token").toString(),
                "--interface", gateway.interfaceName(),
                "--state-dir", work.resolve("state").toString(),
                "--private-key", work.resolve("private.key").toString(),
                "--drift-interval", "1s",
                "--report-interval", "1s",
                "--firewall", "none",
                "--vip", VIP));
        processes.add(new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        work.resolve("agent.log").toFile()))
                .start());
    }

    private int notify(String state) throws IOException, InterruptedException {
        var command = new ArrayList<>(java());
        command.addAll(
                List.of("notify", state, "--state-dir", work.resolve("state").toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        work.resolve("notify.log").toFile()))
                .start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    private String log() throws IOException {
        return Files.readString(work.resolve("agent.log"), StandardCharsets.UTF_8);
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + PATIENCE + "; agent log:\n" + log());
            }
            Thread.sleep(100);
        }
    }
}
