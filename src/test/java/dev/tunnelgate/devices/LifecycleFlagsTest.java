package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.networks.NetworkLifecycle;
import dev.tunnelgate.text.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class LifecycleFlagsTest {
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    private static DeviceRow row(DeviceStatus status, @Nullable Instant expiresAt, Instant keyCreatedAt) {
        return new DeviceRow(
                1,
                2,
                "laptop",
                Platform.LINUX,
                KeyOrigin.USER,
                "key",
                "10.0.0.2",
                null,
                status,
                keyCreatedAt,
                null,
                null,
                "net",
                "Owner",
                3,
                null,
                new DeviceRow.Lifecycle(null, expiresAt, keyCreatedAt, null, null, null, null));
    }

    @Test
    void an_expiry_within_seven_days_is_flagged_in_days_hours_or_the_last_hour() {
        assertThat(LifecycleFlags.of(row(DeviceStatus.ACTIVE, NOW.plus(Duration.ofDays(3)), NOW), null, NOW))
                .containsExactly("expires in 3 days");
        assertThat(LifecycleFlags.of(row(DeviceStatus.PENDING, NOW.plus(Duration.ofHours(5)), NOW), null, NOW))
                .containsExactly("expires in 5 hours");
        assertThat(LifecycleFlags.of(row(DeviceStatus.ACTIVE, NOW.plus(Duration.ofMinutes(5)), NOW), null, NOW))
                .containsExactly("expires within the hour");
        assertThat(LifecycleFlags.of(row(DeviceStatus.ACTIVE, NOW.plus(Duration.ofDays(8)), NOW), null, NOW))
                .isEmpty();
        assertThat(LifecycleFlags.of(row(DeviceStatus.REVOKED, NOW.plus(Duration.ofDays(1)), NOW), null, NOW))
                .isEmpty();
    }

    @Test
    void a_key_older_than_the_networks_rotation_rule_is_flagged_on_active_devices_only() {
        var old = NOW.minus(Duration.ofDays(91));
        assertThat(LifecycleFlags.of(row(DeviceStatus.ACTIVE, null, old), 90, NOW))
                .containsExactly("key 91 days old: replace it");
        assertThat(LifecycleFlags.of(row(DeviceStatus.ACTIVE, null, old), 100, NOW))
                .isEmpty();
        assertThat(LifecycleFlags.of(row(DeviceStatus.ACTIVE, null, old), null, NOW))
                .isEmpty();
        assertThat(LifecycleFlags.of(row(DeviceStatus.PENDING, null, old), 90, NOW))
                .isEmpty();
    }

    @Test
    void an_enrollment_expires_by_the_network_or_sooner_and_never_later() {
        var rule = new NetworkLifecycle(30, null, null, 24);
        assertThat(DeviceExpiry.at(NOW, null, rule)).isEqualTo(NOW.plus(Duration.ofDays(30)));
        assertThat(DeviceExpiry.at(NOW, 5, rule)).isEqualTo(NOW.plus(Duration.ofDays(5)));
        assertThat(DeviceExpiry.at(NOW, null, NetworkLifecycle.DEFAULT)).isNull();
        assertThat(DeviceExpiry.at(NOW, 3650, NetworkLifecycle.DEFAULT)).isEqualTo(NOW.plus(Duration.ofDays(3650)));
        assertThatThrownBy(() -> DeviceExpiry.at(NOW, 31, rule))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("expire after 30 days");
        assertThatThrownBy(() -> DeviceExpiry.at(NOW, 3651, NetworkLifecycle.DEFAULT))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> DeviceExpiry.at(NOW, 0, NetworkLifecycle.DEFAULT))
                .isInstanceOf(InvalidInputException.class);
    }
}
