package dev.tunnelgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.protocol.AccessRule;
import dev.tunnelgate.protocol.PortRange;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AccessPreviewPanelTest {
    private static final Reach WIKI = new Reach(
            7,
            "Wiki",
            new AccessRule(AccessProtocol.TCP, List.of(PortRange.single(443)), List.of(IpPrefix.parse("10.1.0.0/16"))),
            List.of("Engineering"));

    private static AccessDiff.UserChange user(int i) {
        return new AccessDiff.UserChange(
                i,
                "user" + i,
                List.of(),
                List.of(new AccessDiff.DeviceChange(i, "laptop", "Office", "ACTIVE", List.of(WIKI), List.of())));
    }

    @Test
    void a_long_preview_shows_the_first_users_and_counts_the_rest() {
        var diff = new AccessDiff(
                IntStream.range(0, 25).mapToObj(AccessPreviewPanelTest::user).toList());

        var lines = AccessPreviewPanel.lines(diff, 20);

        assertThat(lines).hasSize(21);
        assertThat(lines.getFirst()).isEqualTo("user0: laptop gains Wiki (tcp 443) through Engineering");
        assertThat(lines.getLast()).isEqualTo("… and 5 more users (5 devices)");
        assertThat(AccessPreviewPanel.summary(diff))
                .isEqualTo("25 devices of 25 users change: 25 gain access, 0 lose access.");
        var panel = new AccessPreviewPanel(diff);
        assertThat(panel.lines.getChildren().count()).isEqualTo(21);
    }

    @Test
    void one_device_losing_reads_in_the_singular() {
        var diff = new AccessDiff(List.of(new AccessDiff.UserChange(
                1,
                "bob",
                List.of("engineering", "ops"),
                List.of(new AccessDiff.DeviceChange(1, "phone", "Office", "PENDING", List.of(), List.of(WIKI))))));

        assertThat(AccessPreviewPanel.summary(diff))
                .isEqualTo("1 device of 1 user changes: 0 gain access, 1 loses access.");
        assertThat(AccessPreviewPanel.lines(diff, 20))
                .containsExactly(
                        "bob (engineering, ops): phone (pending approval) loses Wiki (tcp 443) through Engineering");
    }

    @Test
    void the_empty_preview_says_nothing_changes() {
        var panel = new AccessPreviewPanel(new AccessDiff(List.of()));
        assertThat(panel.summary.getText()).isEqualTo("No device gains or loses anything.");
        assertThat(panel.lines.isVisible()).isFalse();
    }
}
