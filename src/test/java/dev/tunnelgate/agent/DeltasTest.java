package dev.tunnelgate.agent;

import static dev.tunnelgate.agent.AgentLoopTest.A;
import static dev.tunnelgate.agent.AgentLoopTest.B;
import static dev.tunnelgate.agent.AgentLoopTest.C;
import static dev.tunnelgate.agent.AgentLoopTest.SNAPSHOT;
import static dev.tunnelgate.agent.AgentLoopTest.delta;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.tunnelgate.protocol.GatewayState;
import dev.tunnelgate.protocol.PeerSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeltasTest {
    @Test
    void a_delta_that_fits_leads_to_the_snapshot_the_portal_hashed() {
        var changedB = new PeerSpec(B.publicKey(), B.presharedKey(), List.of("10.10.0.30/32"));

        var merged =
                Deltas.merge(SNAPSHOT, delta(1, 2, List.of(changedB, C), List.of(changedB, C), List.of(A.publicKey())));

        assertThat(merged.revision()).isEqualTo(2);
        assertThat(merged.peers()).containsExactlyInAnyOrder(changedB, C);
    }

    @Test
    void a_delta_from_another_revision_or_to_another_peer_set_is_refused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Deltas.merge(SNAPSHOT, delta(2, 3, List.of(A, B, C), List.of(C), List.of())))
                .withMessageContaining("does not start at the applied revision 1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Deltas.merge(SNAPSHOT, delta(1, 2, List.of(A, C), List.of(C), List.of())))
                .withMessageContaining("hash differs");
    }

    @Test
    void a_delta_that_would_give_one_allowed_ip_to_two_peers_is_refused_even_with_a_matching_hash() {
        var thief = new PeerSpec(C.publicKey(), null, List.of("10.10.0.2/32"));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> Deltas.merge(SNAPSHOT, delta(1, 2, List.of(A, B, thief), List.of(thief), List.of())))
                .withMessageContaining("10.10.0.2/32");
    }

    @Test
    void a_peer_whose_only_change_is_its_grant_is_not_touched_on_the_interface() {
        var snapshot = GatewayState.snapshot(
                1,
                NftRulesetTest.CONFIG,
                List.of(NftRulesetTest.A, NftRulesetTest.C),
                java.util.Map.of(NftRulesetTest.WEB.key(), NftRulesetTest.WEB));
        var regranted = NftRulesetTest.A.withGrant(NftRulesetTest.PING_AND_ALL_V6.key());
        var newKey = new PeerSpec(NftRulesetTest.C.publicKey(), AgentLoopTest.PSK, NftRulesetTest.C.allowedIps(), null);

        var delta = NftRulesetTest.delta(snapshot, List.of(regranted, newKey), List.of());

        assertThat(Deltas.changes(snapshot, delta)).containsExactly(new PeerChange.Upsert(newKey));
        assertThat(Deltas.merge(snapshot, delta).peers()).containsExactlyInAnyOrder(regranted, newKey);
    }
}
