package dev.tunnelgate.gateways.agentapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.devices.KeyOrigin;
import dev.tunnelgate.devices.KeyRotation;
import dev.tunnelgate.gateways.GatewayIntegrationTest;
import dev.tunnelgate.gateways.IssuedCredential;
import dev.tunnelgate.keys.WgKeyPair;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.protocol.PeerStats;
import dev.tunnelgate.protocol.StatusReport;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A rotation completes through the real path: a member's status report with the new key's first handshake. */
class RotationByReportIT extends GatewayIntegrationTest {
    private static final String GATEWAY_KEY = WgKeyPair.generate(dev.tunnelgate.gateways.GatewayFixture.RANDOM)
            .publicKey()
            .toBase64();

    @Autowired
    StatusReports reports;

    @Autowired
    KeyRotation rotation;

    private void report(long group, IssuedCredential member, List<PeerStats> peers) {
        reports.accept(
                new AgentPrincipal(member.memberId(), group, member.memberName()),
                new StatusReport("0.1.0", GATEWAY_KEY, 0, null, peers, List.of(), List.of()));
    }

    @Test
    void a_report_of_the_new_keys_handshake_completes_the_rotation_and_one_of_the_old_key_does_not() {
        long network = fixture.network(ApprovalMode.AUTOMATIC, 10);
        long group = fixture.group(GATEWAY_KEY, "vpn.example.test:51820", 51820, network);
        var member = fixture.member(group, "gw-r-" + fixture.suffix);
        var device = fixture.enroll(network);
        var newKey = WgKeyPair.generate(dev.tunnelgate.gateways.GatewayFixture.RANDOM)
                .publicKey()
                .toBase64();
        fixture.as(fixture.owner, () -> rotation.start(device.id(), KeyOrigin.USER, newKey));
        var now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        report(
                group,
                member,
                List.of(
                        new PeerStats(device.publicKey(), now.minusSeconds(5), 1, 1, "192.0.2.1:40000"),
                        new PeerStats(newKey, null, 0, 0, null)));
        assertThat(jdbc.queryForObject("select next_public_key from device where id = ?", String.class, device.id()))
                .isEqualTo(newKey);

        report(
                group,
                member,
                List.of(
                        new PeerStats(device.publicKey(), now.minusSeconds(5), 1, 1, "192.0.2.1:40000"),
                        new PeerStats(newKey, now, 1, 1, "192.0.2.1:40001")));
        assertThat(jdbc.queryForObject("select public_key from device where id = ?", String.class, device.id()))
                .isEqualTo(newKey);
        assertThat(jdbc.queryForObject(
                        "select details from audit_event where action = 'device.rotation-completed' and target = ?",
                        String.class,
                        "device:" + device.id()))
                .startsWith("by handshake via " + member.memberName());
        // The member still reports the old peer until it applies the removal: not a stranger's key.
        report(
                group,
                member,
                List.of(
                        new PeerStats(device.publicKey(), now.minusSeconds(5), 1, 1, "192.0.2.1:40000"),
                        new PeerStats(newKey, now, 1, 1, "192.0.2.1:40001")));
        fixture.revoke(device.id());
    }
}
