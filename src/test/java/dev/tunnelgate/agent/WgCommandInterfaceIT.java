package dev.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.agent.PeerChange.Remove;
import dev.tunnelgate.agent.PeerChange.Upsert;
import dev.tunnelgate.protocol.PeerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Drives a real wireguard-go interface in a private network namespace through {@link WgCommandInterface}. */
@Tag("no-database")
class WgCommandInterfaceIT {
    private static final int PORT = 51820;

    private WireGuardNetns gateway;
    private WgCommandInterface wg;
    private String publicKey;

    @BeforeEach
    void createGateway() throws IOException {
        WireGuardNetns.requirePrerequisites();
        gateway = WireGuardNetns.create();
        publicKey = gateway.setUp(PORT, "10.77.0.1/24", "fd77::1/64");
        wg = gateway.wireGuard();
    }

    @AfterEach
    void removeGateway() throws IOException {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void peers_are_added_updated_removed_and_reconciled_on_a_real_interface() throws IOException {
        var a = new PeerSpec(TestKeys.publicKey(), TestKeys.presharedKey(), List.of("10.77.0.2/32", "fd77::2/128"));
        var b = new PeerSpec(TestKeys.publicKey(), TestKeys.presharedKey(), List.of("10.77.0.3/32"));
        var c = new PeerSpec(TestKeys.publicKey(), TestKeys.presharedKey(), List.of("10.77.0.4/32", "10.99.0.0/16"));

        wg.apply(List.of(new Upsert(a), new Upsert(b), new Upsert(c)));
        assertThat(wg.read().peers())
                .hasSize(3)
                .allSatisfy((key, peer) -> assertThat(peer.hasPresharedKey()).isTrue());
        assertMatches(wg.read(), a, b, c);

        Map<String, PeerState> before = wg.read().peers();
        var movedB = new PeerSpec(b.publicKey(), b.presharedKey(), List.of("10.77.0.30/32", "fd77::30/128"));
        wg.apply(List.of(new Upsert(movedB)));
        InterfaceState afterUpdate = wg.read();
        assertMatches(afterUpdate, a, movedB, c);
        assertThat(afterUpdate.peers().get(a.publicKey())).isEqualTo(before.get(a.publicKey()));
        assertThat(afterUpdate.peers().get(c.publicKey())).isEqualTo(before.get(c.publicKey()));

        wg.apply(List.of(new Remove(c.publicKey())));
        assertThat(wg.read().peers()).containsOnlyKeys(a.publicKey(), b.publicKey());

        var d = new PeerSpec(TestKeys.publicKey(), TestKeys.presharedKey(), List.of("10.77.0.5/32"));
        var e = new PeerSpec(TestKeys.publicKey(), TestKeys.presharedKey(), List.of("10.77.0.6/32"));
        var bWithoutKey = new PeerSpec(b.publicKey(), null, movedB.allowedIps());
        var desired = List.of(a, bWithoutKey, d, e);
        wg.apply(List.of(new Upsert(c))); // c is back, but the snapshot does not want it

        List<PeerChange> changes = Reconciler.applySnapshot(wg, desired);

        assertThat(changes)
                .containsExactlyInAnyOrder(
                        new Remove(c.publicKey()), new Upsert(bWithoutKey), new Upsert(d), new Upsert(e));
        InterfaceState end = wg.read();
        assertThat(end.peers()).hasSize(4);
        assertMatches(end, a, bWithoutKey, d, e);
        assertThat(Reconciler.diff(desired, end)).isEmpty();
        // The snapshot never touched the interface's identity (wg syncconf without [Interface] would have wiped it).
        assertThat(end.publicKey()).isEqualTo(publicKey);
        assertThat(end.listenPort()).isEqualTo(PORT);
    }

    @Test
    void a_single_update_can_drop_a_preshared_key() throws IOException {
        var a = new PeerSpec(TestKeys.publicKey(), TestKeys.presharedKey(), List.of("10.77.0.2/32"));
        wg.apply(List.of(new Upsert(a)));
        assertThat(wg.read().peers().get(a.publicKey()).hasPresharedKey()).isTrue();

        wg.apply(List.of(new Upsert(new PeerSpec(a.publicKey(), null, a.allowedIps()))));

        assertThat(wg.read().peers().get(a.publicKey()).hasPresharedKey()).isFalse();
    }

    @Test
    void setup_is_idempotent_and_keeps_the_private_key_owner_only() throws IOException {
        assertThat(gateway.setUp(PORT, "10.77.0.1/24", "fd77::1/64")).isEqualTo(publicKey);

        assertThat(Files.getPosixFilePermissions(gateway.privateKeyFile()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(gateway.exec("ip", "-brief", "address", "show", "dev", gateway.interfaceName()))
                .contains("UNKNOWN")
                .contains("10.77.0.1/24")
                .contains("fd77::1/64");
        assertThat(wg.read().publicKey()).isEqualTo(publicKey);
    }

    @Test
    void setup_with_other_addresses_removes_the_ones_no_longer_listed() throws IOException {
        gateway.setUp(PORT + 1, "10.78.0.1/24", "FD77:0::1/64");

        String addresses = gateway.exec("ip", "-brief", "address", "show", "dev", gateway.interfaceName());
        assertThat(addresses).contains("10.78.0.1/24").contains("fd77::1/64").doesNotContain("10.77.0.1");
        assertThat(wg.read().listenPort()).isEqualTo(PORT + 1);
    }

    @Test
    void a_rejected_change_fails_with_wg_s_reason_and_leaves_the_interface_as_it_was() throws IOException {
        var a = new PeerSpec(TestKeys.publicKey(), null, List.of("10.77.0.2/32"));
        wg.apply(List.of(new Upsert(a)));
        var missing = new WgCommandInterface("tgwmissing0", gateway.prefix(), WireGuardNetns.TIMEOUT);

        assertThatThrownBy(missing::read).isInstanceOf(IOException.class).hasMessageContaining("`wg show` exited with");
        assertThatThrownBy(() -> missing.apply(List.of(new Upsert(a))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("`wg set`");
        assertMatches(wg.read(), a);
    }

    @Test
    void a_client_namespace_reaches_the_gateway_over_a_veth_pair() throws IOException {
        try (var client = WireGuardNetns.create()) {
            gateway.veth(client, "172.31.250.1/30", "172.31.250.2/30");

            assertThat(client.exec("ping", "-c", "1", "-W", "2", "172.31.250.1"))
                    .contains("1 received");
        }
    }

    @Test
    void closing_the_fixture_stops_wireguard_go_and_removes_the_namespace() throws IOException {
        List<Long> pids = gateway.pids();
        assertThat(pids).isNotEmpty();
        String namespace = gateway.namespace();

        gateway.close();
        gateway = null;

        assertThat(pids)
                .allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                        .isNotEqualTo(Optional.of(true)));
        assertThat(new ProcessRunner(List.of(), WireGuardNetns.TIMEOUT).run(List.of("ip", "netns", "list"), null))
                .doesNotContain(namespace);
    }

    private static void assertMatches(InterfaceState state, PeerSpec... specs) {
        assertThat(state.peers())
                .containsOnlyKeys(Arrays.stream(specs).map(PeerSpec::publicKey).toList());
        for (PeerSpec spec : specs) {
            PeerState peer = state.peers().get(spec.publicKey());
            assertThat(peer.allowedIps()).as(spec.toString()).containsExactlyInAnyOrderElementsOf(spec.allowedIps());
            assertThat(peer.presharedKeyDigest())
                    .as(spec.toString())
                    .isEqualTo(PresharedKeyDigest.of(spec.presharedKey()));
        }
    }
}
