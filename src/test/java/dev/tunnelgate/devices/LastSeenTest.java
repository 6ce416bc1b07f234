package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LastSeenTest {
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    private static String seen(Duration ago, String member) {
        return LastSeen.text(NOW.minus(ago), member, NOW);
    }

    @Test
    void a_device_no_gateway_ever_saw_was_never_connected() {
        assertThat(LastSeen.text(null, null, NOW)).isEqualTo("never connected");
    }

    @Test
    void a_handshake_within_three_minutes_is_connected_and_older_is_last_seen() {
        assertThat(seen(Duration.ofSeconds(20), "gw-a")).isEqualTo("connected just now via gw-a");
        assertThat(seen(Duration.ofSeconds(150), "gw-a")).isEqualTo("connected 2 min ago via gw-a");
        assertThat(seen(Duration.ofMinutes(3), "gw-a")).isEqualTo("last seen 3 min ago via gw-a");
        assertThat(seen(Duration.ofMinutes(59), "gw-b")).isEqualTo("last seen 59 min ago via gw-b");
    }

    @Test
    void older_handshakes_read_in_hours_then_days() {
        assertThat(seen(Duration.ofMinutes(60), "gw-b")).isEqualTo("last seen 1 h ago via gw-b");
        assertThat(seen(Duration.ofHours(23).plusMinutes(59), "gw-b")).isEqualTo("last seen 23 h ago via gw-b");
        assertThat(seen(Duration.ofHours(24), "gw-b")).isEqualTo("last seen 1 day ago via gw-b");
        assertThat(seen(Duration.ofDays(3).plusHours(5), "gw-b")).isEqualTo("last seen 3 days ago via gw-b");
    }

    @Test
    void a_handshake_slightly_ahead_of_the_portals_clock_is_just_now() {
        assertThat(seen(Duration.ofSeconds(-30), "gw-a")).isEqualTo("connected just now via gw-a");
    }

    @Test
    void the_lifecycle_of_a_row_is_worded_the_same_way() {
        var lifecycle = new DeviceRow.Lifecycle(
                null, null, NOW.minus(Duration.ofDays(9)), NOW.minus(Duration.ofDays(2)), "gw-c", null, null, null);
        assertThat(LastSeen.text(lifecycle, NOW)).isEqualTo("last seen 2 days ago via gw-c");
    }
}
