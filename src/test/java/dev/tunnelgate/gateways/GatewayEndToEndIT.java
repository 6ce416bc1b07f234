package dev.tunnelgate.gateways;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.agent.AgentProcess;
import dev.tunnelgate.agent.WireGuardNetns;
import dev.tunnelgate.keys.WgKey;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.policy.DestinationService;
import dev.tunnelgate.policy.DestinationSpec;
import dev.tunnelgate.policy.PolicyService;
import dev.tunnelgate.policy.PolicySpec;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.testing.ApiClient;
import dev.tunnelgate.testing.PortalProcess;
import dev.tunnelgate.testing.TestDatabase;
import dev.tunnelgate.testing.WebWalker;
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
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;

/**
 * The whole path on real WireGuard: devices enrolled and approved in the portal reach two gateway members
 * (each {@code tunnelgate agent} in its own network namespace, on wireguard-go) and a client namespace that runs
 * stock {@code wg-quick} with the config file the portal produced.
 * <p>
 * The agents talk to a packaged portal running as its own process, so that it can be stopped, restarted and
 * killed; the test JVM is a second portal instance on the same PostgreSQL database, through which devices are
 * enrolled, approved and revoked. Every change therefore also crosses from one portal instance to another.
 */
@Tag("gateway-e2e")
class GatewayEndToEndIT extends GatewayIntegrationTest {
    private static final Logger log = LoggerFactory.getLogger(GatewayEndToEndIT.class);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int LISTEN_PORT = 51820;
    private static final int SERVICE_A = 8001;
    private static final int SERVICE_B = 8002;

    @Autowired
    private DestinationService destinations;

    @Autowired
    private PolicyService policies;

    @Autowired
    private dev.tunnelgate.devices.KeyRotation rotation;

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private WireGuardNetns gwA;
    private WireGuardNetns gwB;
    private WireGuardNetns client;
    private Path work;
    private PortalProcess portal;
    private int portalPort;
    private String portalUrlA;
    private String portalUrlB;
    private long group;
    private long network;
    private String gatewayTunnelAddress;
    private IssuedCredential memberA;
    private IssuedCredential memberB;
    private AgentProcess agentA;
    private AgentProcess agentB;
    private Path clientConfig;

    @BeforeEach
    void buildTheLab() throws Exception {
        WireGuardNetns.requirePrerequisites();
        if (TestDatabase.postgresUrl() == null) {
            WireGuardNetns.abortOrFail("the gateway end-to-end test needs PostgreSQL (two portal instances share it)");
        }
        if (!WireGuardNetns.onPath("wg-quick") || !WireGuardNetns.onPath("ping")) {
            WireGuardNetns.abortOrFail(
                    "the gateway end-to-end test needs wg-quick (wireguard-tools) and ping (iputils-ping)");
        }
        work = Files.createTempDirectory(
                "tunnelgate-e2e", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        gwA = track(WireGuardNetns.create());
        gwB = track(WireGuardNetns.create());
        client = track(WireGuardNetns.create());
        portalUrlA = "http://" + gwA.linkToHost();
        portalUrlB = "http://" + gwB.linkToHost();
        int subnet = WireGuardNetns.freeSubnet();
        String gatewayOuter = WireGuardNetns.address(subnet, 1);
        gwA.veth(client, gatewayOuter + "/30", WireGuardNetns.address(subnet, 2) + "/30");

        network = fixture.network(ApprovalMode.MANUAL, 20);
        gatewayTunnelAddress = fixture.asAdmin(() -> networks.get(network))
                .gatewayAddresses()
                .getFirst()
                .toCanonicalString();
        group = fixture.group(gatewayOuter + ":" + LISTEN_PORT, LISTEN_PORT, network);
        memberA = fixture.member(group, "gw-a");
        memberB = fixture.member(group, "gw-b");

        portalPort = PortalProcess.freePort();
        startPortal();
        portalUrlA += ":" + portalPort;
        portalUrlB += ":" + portalPort;

        // HA members share one WireGuard identity: the operator copies one key file to both.
        String privateKey = gwA.exec("wg", "genkey").strip();
        agentA = AgentProcess.start(gwA, portalUrlA, memberA.token(), privateKey, work.resolve("agent-a"));
        agentB = AgentProcess.start(gwB, portalUrlB, memberB.token(), privateKey, work.resolve("agent-b"));
        cleanup.add(agentA);
        cleanup.add(agentB);
    }

    @AfterEach
    void tearDown() throws Exception {
        var failures = new ArrayList<Exception>();
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

    @Test
    void approval_reaches_the_client_revocation_cuts_it_off_and_nothing_is_lost_when_portal_or_agent_fail()
            throws Exception {
        step("both members come up and the group adopts their shared key");
        awaitBothAcknowledge();
        String gatewayKey = gwA.wireGuard().read().publicKey();
        assertThat(gwB.wireGuard().read().publicKey()).isEqualTo(gatewayKey);
        await(
                "the network's configs to carry the gateway key",
                () -> WgKey.parsePublic(gatewayKey)
                        .equals(fixture.asAdmin(() -> networks.get(network)).gatewayPublicKey()));
        assertThat(fixture.asAdmin(() -> gateways.members(group)))
                .noneMatch(MemberRow::keyMismatch)
                .allMatch(MemberRow::online);

        step("enroll and approve: the agents apply it and the client pings the gateway through the tunnel");
        var laptop = fixture.enroll(network);
        fixture.approve(laptop.id());
        awaitBothAcknowledge();
        assertThat(gwA.peerKeys()).contains(laptop.publicKey());
        assertThat(gwB.peerKeys()).contains(laptop.publicKey());
        wgQuickUp(laptop, "tgc" + fixture.suffix.substring(0, 6) + "a");
        await("a ping through the tunnel", () -> client.pings(gatewayTunnelAddress));
        assertThat(fixture.delivery(laptop.id())).isEqualTo("active on 2/2 gateways");

        step("an admin revokes the owner's laptop (as the Devices view does): within 2 s the peer is gone from both"
                + " gateways and the ping fails");
        long revokedAt = System.nanoTime();
        fixture.asAdmin(() -> {
            devices.revoke(laptop.id(), "lost at the airport");
            return null;
        });
        awaitWithin(
                "the peer to leave both gateways",
                Duration.ofSeconds(2),
                () -> !gwA.peerKeys().contains(laptop.publicKey())
                        && !gwB.peerKeys().contains(laptop.publicKey()));
        log.info("revocation applied on both gateways after {} ms", (System.nanoTime() - revokedAt) / 1_000_000);
        assertThat(client.pings(gatewayTunnelAddress)).isFalse();
        awaitBothAcknowledge();
        assertThat(fixture.delivery(laptop.id())).isEqualTo("removed from all 2 gateways");
        assertThat(fixture.as(fixture.owner, () -> devices.myDevices(PageRequest.of(0, 50))).stream()
                        .filter(row -> row.id() == laptop.id())
                        .map(row -> row.lifecycle().revokeReason()))
                .as("the reason the owner sees")
                .containsExactly("lost at the airport");

        step("a second device is active; the portal stops and the agent restarts: the persisted state comes back");
        var phone = fixture.enroll(network);
        fixture.approve(phone.id());
        awaitBothAcknowledge();
        wgQuickUp(phone, "tgc" + fixture.suffix.substring(0, 6) + "b");
        await("a ping from the second device", () -> client.pings(gatewayTunnelAddress));
        portal.close();
        agentA.kill();
        gwA.exec("wg", "set", gwA.interfaceName(), "peer", phone.publicKey(), "remove");
        assertThat(gwA.peerKeys()).doesNotContain(phone.publicKey());
        agentA = agentA.restart();
        await(
                "the persisted peer back on gateway A while the portal is down",
                () -> gwA.peerKeys().contains(phone.publicKey()));
        await("a ping with the portal down", () -> client.pings(gatewayTunnelAddress));

        step("a change made while the portal was down reaches the gateways once it is back");
        var tablet = fixture.enroll(network);
        fixture.approve(tablet.id());
        startPortal();
        awaitBothAcknowledge();
        assertThat(gwA.peerKeys()).contains(phone.publicKey(), tablet.publicKey());
        assertThat(gwB.peerKeys()).contains(phone.publicKey(), tablet.publicKey());

        step("a peer added by hand is removed again and reported as drift");
        String byHandPublic = dev.tunnelgate.keys.WgKeyPair.generate(GatewayFixture.RANDOM)
                .publicKey()
                .toBase64();
        gwA.exec("wg", "set", gwA.interfaceName(), "peer", byHandPublic, "allowed-ips", "10.250.0.1/32");
        await("the drift to be repaired", () -> !gwA.peerKeys().contains(byHandPublic));
        await(
                "the drift to be reported",
                () -> fixture.asAdmin(() -> gateways.members(group)).stream()
                        .anyMatch(m -> m.name().equals("gw-a")
                                && m.lastDrift() != null
                                && m.lastDrift().contains("extra " + byHandPublic)));

        step("the portal is killed right after an approval commits; after its restart the gateways get the peer");
        var desktop = fixture.enroll(network);
        fixture.approve(desktop.id());
        portal.kill();
        startPortal();
        awaitBothAcknowledge();
        assertThat(gwA.peerKeys()).contains(desktop.publicKey());
        assertThat(gwB.peerKeys()).contains(desktop.publicKey());
        assertThat(client.pings(gatewayTunnelAddress)).isTrue();
    }

    @Test
    void access_policies_decide_which_service_each_user_reaches_and_the_gateway_enforces_them() throws Exception {
        step("a service namespace behind gateway A runs two TCP echo services");
        var services = track(WireGuardNetns.create());
        int subnet = WireGuardNetns.freeSubnet();
        String routerSide = WireGuardNetns.address(subnet, 1);
        String service = WireGuardNetns.address(subnet, 2);
        gwA.veth(services, routerSide + "/30", service + "/30");
        gwA.exec("sysctl", "-qw", "net.ipv4.ip_forward=1");
        String pool = fixture.asAdmin(() -> networks.get(network)).ipv4Pool().toString();
        services.exec("ip", "route", "add", pool, "via", routerSide);
        for (int port : new int[] {SERVICE_A, SERVICE_B}) {
            var command = new ArrayList<>(services.prefix());
            command.addAll(List.of("socat", "TCP-LISTEN:" + port + ",reuseaddr,fork", "EXEC:cat"));
            var echo = new ProcessBuilder(command).redirectErrorStream(true).start();
            cleanup.add(echo::destroyForcibly);
        }
        awaitBothAcknowledge();

        step("alice and bob sign in through the portal's IdP: both are in engineering");
        long alice = signIn("alice");
        long bob = signIn("bob");

        step("engineering gets service A; alice, by name, service B");
        long serviceA = fixture.asAdmin(() -> destinations.create(new DestinationSpec(
                "svc-a-" + fixture.suffix, List.of(service + "/32"), AccessProtocol.TCP, List.of("" + SERVICE_A))));
        long serviceB = fixture.asAdmin(() -> destinations.create(new DestinationSpec(
                "svc-b-" + fixture.suffix, List.of(service + "/32"), AccessProtocol.TCP, List.of("" + SERVICE_B))));
        var engineering = new PolicySpec(
                "eng-" + fixture.suffix, true, Set.of(network), Set.of(serviceA), List.of("engineering"), Set.of());
        long engineeringPolicy = fixture.asAdmin(() -> policies.create(engineering));
        fixture.asAdmin(() -> policies.create(new PolicySpec(
                "alice-" + fixture.suffix, true, Set.of(network), Set.of(serviceB), List.of(), Set.of(alice))));
        var bobsLaptop = fixture.enroll(bob, network);
        var alicesLaptop = fixture.enroll(alice, network);
        fixture.approve(bobsLaptop.id());
        fixture.approve(alicesLaptop.id());
        awaitBothAcknowledge();

        step("bob's tunnel routes the service and reaches service A only");
        assertThat(configOf(bobsLaptop)).contains(service + "/32");
        wgQuickUp(bobsLaptop, "tgc" + fixture.suffix.substring(0, 6) + "c");
        await("bob to reach service A", () -> echoes(service, SERVICE_A));
        assertThat(echoes(service, SERVICE_B)).as("bob reaching service B").isFalse();

        step("disabling engineering's policy cuts bob's open connection to service A");
        try (var session = TcpSession.open(client, service, SERVICE_A)) {
            assertThat(session.echoes("before", Duration.ofSeconds(5))).isTrue();
            long disabledAt = System.nanoTime();
            fixture.asAdmin(() -> {
                policies.update(engineeringPolicy, withEnabled(engineering, false));
                return null;
            });
            awaitWithin(
                    "bob's open connection to stop",
                    Duration.ofSeconds(2),
                    () -> !session.echoes("after", Duration.ofMillis(100)));
            log.info(
                    "open connection cut {} ms after the policy edit committed",
                    (System.nanoTime() - disabledAt) / 1_000_000);
        }
        fixture.asAdmin(() -> {
            policies.update(engineeringPolicy, engineering);
            return null;
        });
        await("bob to reach service A again", () -> echoes(service, SERVICE_A));

        step("an access element deleted by hand comes back and is reported as drift");
        String table = "tunnelgate_" + gwA.interfaceName();
        String bobsAddress = bobsLaptop.enrollment().device().ipv4Address();
        gwA.exec("nft", "delete", "element", "inet", table, "peers_v4", "{ " + bobsAddress + " }");
        // The agents here check every second, so the gap may already be closed again: no check that it was open.
        await("the element to be repaired", () -> echoes(service, SERVICE_A));
        await(
                "the access drift to be reported",
                () -> fixture.asAdmin(() -> gateways.members(group)).stream()
                        .anyMatch(m -> m.name().equals("gw-a")
                                && m.lastDrift() != null
                                && m.lastDrift().contains("access " + bobsLaptop.publicKey())));

        step("the portal is down and agent A is killed; its table is gone; the restarted agent restores the rules");
        portal.close();
        agentA.kill();
        gwA.exec("nft", "delete", "table", "inet", table);
        assertThat(echoes(service, SERVICE_B))
                .as("service B open without the table")
                .isTrue();
        agentA = agentA.restart();
        await("the persisted rules to block service B again", () -> !echoes(service, SERVICE_B));
        assertThat(echoes(service, SERVICE_A))
                .as("service A with the portal down")
                .isTrue();

        step("bob leaves engineering at the IdP: at his next sign-in he loses service A");
        startPortal(Map.of("tunnelgate.dev-idp.groups.bob", ""));
        awaitBothAcknowledge();
        assertThat(echoes(service, SERVICE_A)).as("bob before signing in again").isTrue();
        assertThat(signIn("bob")).isEqualTo(bob);
        awaitBothAcknowledge();
        await("bob to lose service A", () -> !echoes(service, SERVICE_A));

        step("alice reaches both services; revoking her laptop cuts her off");
        wgQuickUp(alicesLaptop, "tgc" + fixture.suffix.substring(0, 6) + "d");
        await("alice to reach service A", () -> echoes(service, SERVICE_A));
        assertThat(echoes(service, SERVICE_B)).as("alice reaching service B").isTrue();
        fixture.revoke(alice, alicesLaptop.id());
        awaitBothAcknowledge();
        assertThat(echoes(service, SERVICE_A))
                .as("a revoked laptop reaching service A")
                .isFalse();
    }

    @Test
    void the_identity_provider_deactivating_the_owner_over_scim_cuts_the_tunnel() throws Exception {
        step("the identity provider provisions the owner over SCIM; the owner's laptop is approved and pings");
        awaitBothAcknowledge();
        String gatewayKey = gwA.wireGuard().read().publicKey();
        await(
                "the network's configs to carry the gateway key",
                () -> WgKey.parsePublic(gatewayKey)
                        .equals(fixture.asAdmin(() -> networks.get(network)).gatewayPublicKey()));
        var scim = new ApiClient(baseUrl());
        var user = """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"externalId":"e2e-%s",
                 "userName":"leaver-%s@example.com","displayName":"Leaver","active":true}""";
        var created = scim.send("POST", "/scim/v2/Users", SCIM_TOKEN, user.formatted(fixture.suffix, fixture.suffix));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long leaver = created.json().get("id").asLong();
        var laptop = fixture.enroll(leaver, network);
        fixture.approve(laptop.id());
        awaitBothAcknowledge();
        wgQuickUp(laptop, "tgc" + fixture.suffix.substring(0, 6) + "s");
        await("a ping through the tunnel", () -> client.pings(gatewayTunnelAddress));

        step("the identity provider deactivates the owner (SCIM active false): the peer leaves both gateways and the"
                + " ping stops");
        long deactivatedAt = System.nanoTime();
        var deactivated = scim.send("PATCH", "/scim/v2/Users/" + leaver, SCIM_TOKEN, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Replace","path":"active","value":false}]}""");
        assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(200);
        awaitWithin(
                "the peer to leave both gateways",
                Duration.ofSeconds(2),
                () -> !gwA.peerKeys().contains(laptop.publicKey())
                        && !gwB.peerKeys().contains(laptop.publicKey()));
        log.info(
                "SCIM deactivation applied on both gateways after {} ms",
                (System.nanoTime() - deactivatedAt) / 1_000_000);
        assertThat(client.pings(gatewayTunnelAddress)).isFalse();
        assertThat(jdbc.queryForObject("select status from device where id = ?", String.class, laptop.id()))
                .isEqualTo("REVOKED");
        assertThat(jdbc.queryForObject("select offboarded_by from app_user where id = ?", String.class, leaver))
                .isEqualTo("scim");
        awaitBothAcknowledge();
        assertThat(gwA.peerKeys()).doesNotContain(laptop.publicKey());
    }

    private static PolicySpec withEnabled(PolicySpec spec, boolean enabled) {
        return new PolicySpec(
                spec.name(), enabled, spec.networkIds(), spec.destinationIds(), spec.groups(), spec.userIds());
    }

    /** Signs in at the agents' portal through its embedded IdP (the real redirect flow); returns the account. */
    private long signIn(String username) {
        var walker = new WebWalker();
        var loginPage = walker.follow(portal.baseUrl() + "/");
        var landing = walker.follow(WebWalker.location(walker.submitIdpLogin(loginPage, username, username)));
        assertThat(landing.statusCode()).as(username + " signed in").isEqualTo(200);
        return jdbc.queryForObject(
                "select id from app_user where subject = ? and issuer like ? order by last_login_at desc limit 1",
                Long.class,
                username,
                "%:" + portalPort);
    }

    /** A line sent to the echo service through the tunnel comes back within 2 s. */
    private boolean echoes(String address, int port) {
        try {
            return client.exec(
                            "sh",
                            "-c",
                            "echo tunnelgate | socat -t 2 -T 2 - TCP:" + address + ":" + port + ",connect-timeout=2")
                    .contains("tunnelgate");
        } catch (IOException e) {
            return false;
        }
    }

    private String configOf(GatewayFixture.Enrolled device) {
        var text = fixture.as(device.enrollment().device().ownerId(), () -> devices.config(device.id()))
                .text();
        assertThat(text).as("config of a device in a network with a gateway").isNotNull();
        return text;
    }

    @Test
    void a_replaced_key_works_with_stock_wg_quick_and_the_old_peer_leaves_after_the_new_keys_handshake()
            throws Exception {
        step("an active device pings through the tunnel with its first key");
        awaitBothAcknowledge();
        String gatewayKey = gwA.wireGuard().read().publicKey();
        await(
                "the network's configs to carry the gateway key",
                () -> WgKey.parsePublic(gatewayKey)
                        .equals(fixture.asAdmin(() -> networks.get(network)).gatewayPublicKey()));
        var laptop = fixture.enroll(network);
        fixture.approve(laptop.id());
        awaitBothAcknowledge();
        wgQuickUp(laptop, "tgc" + fixture.suffix.substring(0, 6) + "r");
        await("a ping with the old key", () -> client.pings(gatewayTunnelAddress));

        step("the owner replaces the key: both peers are on both gateways");
        var newKeys = dev.tunnelgate.keys.WgKeyPair.generate(GatewayFixture.RANDOM);
        var replacement = fixture.as(
                fixture.owner,
                () -> rotation.start(
                        laptop.id(),
                        dev.tunnelgate.devices.KeyOrigin.USER,
                        newKeys.publicKey().toBase64()));
        awaitBothAcknowledge();
        assertThat(gwA.peerKeys()).contains(laptop.publicKey(), replacement.newPublicKey());
        assertThat(gwB.peerKeys()).contains(laptop.publicKey(), replacement.newPublicKey());
        assertThat(client.pings(gatewayTunnelAddress))
                .as("the old key still works")
                .isTrue();

        step("the new config comes up with stock wg-quick; the first handshake completes the rotation");
        wgQuickUp(
                java.util.Objects.requireNonNull(replacement.config().text()),
                newKeys.privateKey().toBase64(),
                "tgc" + fixture.suffix.substring(0, 6) + "n");
        await("a ping with the new key", () -> client.pings(gatewayTunnelAddress));
        await(
                "the old peer to leave both gateways after the new key's handshake is reported",
                () -> !gwA.peerKeys().contains(laptop.publicKey())
                        && !gwB.peerKeys().contains(laptop.publicKey()));
        assertThat(gwA.peerKeys()).contains(replacement.newPublicKey());
        assertThat(client.pings(gatewayTunnelAddress)).isTrue();
        assertThat(jdbc.queryForObject(
                        "select details from audit_event where action = 'device.rotation-completed' and target = ?",
                        String.class,
                        "device:" + laptop.id()))
                .matches("by handshake via gw-[ab]\\b.*");
    }

    private void startPortal() throws Exception {
        startPortal(Map.of());
    }

    private void startPortal(Map<String, String> settings) throws Exception {
        portal = PortalProcess.start("e2e", portalPort, "target/it-secret.key", settings);
        cleanup.add(portal);
    }

    /** Both members report the group's current revision (read from the shared database). */
    private void awaitBothAcknowledge() throws Exception {
        long revision = jdbc.queryForObject("select revision from gateway_group where id = ?", Long.class, group);
        await("both members to acknowledge revision " + revision, () -> {
            var rows = fixture.asAdmin(() -> gateways.members(group));
            return rows.size() == 2 && rows.stream().allMatch(m -> m.appliedRevision() >= revision);
        });
    }

    /** Writes the portal's config, with the device's own private key put in for the placeholder, and runs wg-quick. */
    private void wgQuickUp(GatewayFixture.Enrolled device, String interfaceName) throws IOException {
        wgQuickUp(configOf(device), device.keys().privateKey().toBase64(), interfaceName);
    }

    private void wgQuickUp(String config, String privateKey, String interfaceName) throws IOException {
        var withKey = config.lines()
                .map(line -> line.startsWith("PrivateKey") ? "PrivateKey = " + privateKey : line)
                .reduce("", (a, b) -> a + b + "\n");
        Path file = work.resolve(interfaceName + ".conf");
        Files.writeString(file, withKey, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        // One tunnel at a time: the previous device's interface would route the same prefixes.
        if (clientConfig != null) {
            client.exec("wg-quick", "down", clientConfig.toString());
        }
        client.exec("wg-quick", "up", file.toString());
        clientConfig = file;
    }

    private <T extends AutoCloseable> T track(T resource) {
        cleanup.add(resource);
        return resource;
    }

    private static void step(String what) {
        log.info("--- {}", what);
    }

    private void await(String what, BooleanSupplier condition) throws Exception {
        awaitWithin(what, PATIENCE, condition);
    }

    private void awaitWithin(String what, Duration patience, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + patience + "\nagent A:\n" + agentA.log()
                        + "\nagent B:\n" + agentB.log() + "\nportal log: " + (portal == null ? "-" : portal.log));
            }
            Thread.sleep(50);
        }
    }
}
