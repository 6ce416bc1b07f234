package dev.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.tunnelgate.agent.PeerChange.Remove;
import dev.tunnelgate.agent.PeerChange.Upsert;
import dev.tunnelgate.protocol.PeerSpec;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
    static final String A = WgDumpTest.A;
    static final String B = WgDumpTest.B;
    static final String C = WgDumpTest.C;
    static final String PSK = WgDumpTest.PSK;
    static final String OTHER_PSK = "6dfroyQNjh4Ab/8C9XVOZLYWwPSo272MRRz2aBauN7w=";

    static InterfaceState state(PeerState... peers) {
        var map = new HashMap<String, PeerState>();
        for (PeerState peer : peers) {
            map.put(peer.publicKey(), peer);
        }
        return new InterfaceState(WgDumpTest.SELF, 51820, map);
    }

    static PeerState actual(String key, String psk, String... ips) {
        return new PeerState(key, PresharedKeyDigest.of(psk), List.of(ips), null, null, 0, 0);
    }

    @Test
    void an_interface_already_in_the_desired_state_needs_no_change() {
        var desired = List.of(new PeerSpec(A, PSK, List.of("10.0.0.2/32", "fd00::2/128")));

        assertThat(Reconciler.diff(desired, state(actual(A, PSK, "fd00::2/128", "10.0.0.2/32"))))
                .isEmpty();
    }

    @Test
    void a_missing_peer_is_added() {
        var spec = new PeerSpec(B, PSK, List.of("10.0.0.3/32"));

        assertThat(Reconciler.diff(List.of(spec), state())).containsExactly(new Upsert(spec));
    }

    @Test
    void a_peer_whose_allowed_ips_changed_is_updated_and_the_others_are_not_named() {
        var a = new PeerSpec(A, PSK, List.of("10.0.0.2/32"));
        var b = new PeerSpec(B, PSK, List.of("10.0.0.30/32"));

        var changes =
                Reconciler.diff(List.of(a, b), state(actual(A, PSK, "10.0.0.2/32"), actual(B, PSK, "10.0.0.3/32")));

        assertThat(changes).containsExactly(new Upsert(b));
    }

    @Test
    void an_extra_allowed_ip_on_the_interface_counts_as_a_difference() {
        var a = new PeerSpec(A, PSK, List.of("10.0.0.2/32"));

        assertThat(Reconciler.diff(List.of(a), state(actual(A, PSK, "10.0.0.2/32", "10.9.0.0/16"))))
                .containsExactly(new Upsert(a));
    }

    @Test
    void a_preshared_key_that_was_added_removed_or_rotated_is_updated() {
        var withKey = new PeerSpec(A, PSK, List.of("10.0.0.2/32"));
        var withoutKey = new PeerSpec(A, null, List.of("10.0.0.2/32"));

        assertThat(Reconciler.diff(List.of(withKey), state(actual(A, null, "10.0.0.2/32"))))
                .containsExactly(new Upsert(withKey));
        assertThat(Reconciler.diff(List.of(withoutKey), state(actual(A, PSK, "10.0.0.2/32"))))
                .containsExactly(new Upsert(withoutKey));
        assertThat(Reconciler.diff(List.of(withKey), state(actual(A, OTHER_PSK, "10.0.0.2/32"))))
                .containsExactly(new Upsert(withKey));
    }

    @Test
    void peers_not_desired_are_removed_before_anything_is_added() {
        var c = new PeerSpec(C, null, List.of("10.0.0.4/32"));

        var changes =
                Reconciler.diff(List.of(c), state(actual(B, null, "10.0.0.3/32"), actual(A, null, "10.0.0.2/32")));

        assertThat(changes).containsExactly(new Remove(B), new Remove(A), new Upsert(c));
    }

    @Test
    void the_same_public_key_twice_in_a_snapshot_is_rejected() {
        var once = new PeerSpec(A, null, List.of("10.0.0.2/32"));
        var twice = new PeerSpec(A, null, List.of("10.0.0.3/32"));

        assertThatIllegalArgumentException().isThrownBy(() -> Reconciler.diff(List.of(once, twice), state()));
    }

    @Test
    void the_same_allowed_ip_for_two_peers_is_rejected_because_wireguard_would_silently_move_it() {
        var a = new PeerSpec(A, null, List.of("10.0.0.2/32"));
        var b = new PeerSpec(B, null, List.of("10.0.0.3/32", "10.0.0.2/32"));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> Reconciler.diff(List.of(a, b), state()))
                .withMessageContaining("10.0.0.2/32");
    }

    @Test
    void a_snapshot_repairs_drift_and_a_second_snapshot_finds_nothing_to_do() throws IOException {
        var wg = new InMemoryWireGuardInterface(WgDumpTest.SELF, 51820);
        wg.putDirectly(actual(C, null, "10.66.0.0/16")); // added by hand on the gateway
        var desired =
                List.of(new PeerSpec(A, PSK, List.of("10.0.0.2/32")), new PeerSpec(B, null, List.of("10.0.0.3/32")));

        assertThat(Reconciler.applySnapshot(wg, desired)).hasSize(3);
        assertThat(Reconciler.applySnapshot(wg, desired)).isEmpty();

        assertThat(wg.read().peers())
                .isEqualTo(Map.of(
                        A, actual(A, PSK, "10.0.0.2/32"),
                        B, actual(B, null, "10.0.0.3/32")));
        assertThat(wg.appliedBatches()).hasSize(1);
    }
}
