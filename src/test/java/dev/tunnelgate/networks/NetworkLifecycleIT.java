package dev.tunnelgate.networks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.testing.TestUsers;
import dev.tunnelgate.text.InvalidInputException;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;

/** A network's lifecycle rules: admins change them, audited; anything out of range changes nothing. */
class NetworkLifecycleIT extends PortalIntegrationTest {
    @Autowired
    NetworkService networks;

    @Autowired
    JdbcTemplate jdbc;

    long admin;
    long network;

    @BeforeEach
    void setUp() {
        admin = TestUsers.insert(jdbc, "Lifecycle admin");
        var suffix = UUID.randomUUID().toString().substring(0, 8);
        int n = (int) (Math.abs(UUID.randomUUID().getMostSignificantBits()) % 200) + 20;
        network = asAdmin(() -> networks.create(TestNetworks.network(
                "life-" + suffix, "10.%d.0.0/16".formatted(n), b -> b.gatewayAddresses("10.%d.0.1".formatted(n)))));
    }

    private <T> T asAdmin(java.util.function.Supplier<T> action) {
        return TestUsers.as(admin, action, Roles.USER, Roles.ADMIN);
    }

    private int audits() {
        return Objects.requireNonNull(jdbc.queryForObject(
                "select count(*) from audit_event where action = 'network.lifecycle-changed' and target = ?",
                Integer.class,
                "network:" + network));
    }

    @Test
    void a_new_network_has_every_rule_off_and_a_24_hour_overlap() {
        assertThat(networks.lifecycle(network)).isEqualTo(NetworkLifecycle.DEFAULT);
    }

    @Test
    void an_admin_sets_and_clears_rules_each_change_audited_with_before_and_after() {
        asAdmin(() -> networks.updateLifecycle(network, new LifecycleSpec(90, 30, 180, 48)));
        assertThat(networks.lifecycle(network)).isEqualTo(new NetworkLifecycle(90, 30, 180, 48));
        assertThat(audits()).isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "select details from audit_event where action = 'network.lifecycle-changed' and target = ?",
                        String.class,
                        "network:" + network))
                .contains("before=NetworkLifecycle[expireAfterDays=null")
                .contains("after=NetworkLifecycle[expireAfterDays=90, staleAfterDays=30, rotateAfterDays=180,"
                        + " rotationOverlapHours=48]");

        asAdmin(() -> networks.updateLifecycle(network, new LifecycleSpec(90, 30, 180, 48)));
        assertThat(audits()).as("saving the same rules again is no change").isEqualTo(1);

        asAdmin(() -> networks.updateLifecycle(network, new LifecycleSpec(null, null, null, null)));
        assertThat(networks.lifecycle(network)).isEqualTo(NetworkLifecycle.DEFAULT);
        assertThat(audits()).isEqualTo(2);
    }

    static Stream<Arguments> outOfRange() {
        return Stream.of(
                Arguments.of(new LifecycleSpec(0, null, null, null), NetworkField.EXPIRE_AFTER_DAYS),
                Arguments.of(new LifecycleSpec(-1, null, null, null), NetworkField.EXPIRE_AFTER_DAYS),
                Arguments.of(new LifecycleSpec(3651, null, null, null), NetworkField.EXPIRE_AFTER_DAYS),
                Arguments.of(new LifecycleSpec(null, 0, null, null), NetworkField.STALE_AFTER_DAYS),
                Arguments.of(new LifecycleSpec(null, Integer.MAX_VALUE, null, null), NetworkField.STALE_AFTER_DAYS),
                Arguments.of(new LifecycleSpec(null, null, Integer.MIN_VALUE, null), NetworkField.ROTATE_AFTER_DAYS),
                Arguments.of(new LifecycleSpec(null, null, null, 0), NetworkField.ROTATION_OVERLAP_HOURS),
                Arguments.of(new LifecycleSpec(null, null, null, 721), NetworkField.ROTATION_OVERLAP_HOURS),
                Arguments.of(new LifecycleSpec(30, 30, 30, -24), NetworkField.ROTATION_OVERLAP_HOURS));
    }

    @ParameterizedTest
    @MethodSource("outOfRange")
    void a_rule_out_of_range_is_refused_on_its_field_and_nothing_changes(LifecycleSpec spec, NetworkField field) {
        asAdmin(() -> networks.updateLifecycle(network, new LifecycleSpec(10, null, null, 12)));
        int before = audits();
        assertThatThrownBy(() -> asAdmin(() -> networks.updateLifecycle(network, spec)))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
        assertThat(networks.lifecycle(network)).isEqualTo(new NetworkLifecycle(10, null, null, 12));
        assertThat(audits()).isEqualTo(before);
    }

    @Test
    void only_admins_change_rules_and_an_unknown_network_is_not_found() {
        long auditor = TestUsers.insert(jdbc, "Lifecycle auditor");
        var rules = new LifecycleSpec(1, 1, 1, 1);
        for (var roles : new String[][] {{Roles.USER}, {Roles.USER, Roles.AUDITOR}, {Roles.USER, Roles.APPROVER}}) {
            assertThatThrownBy(() -> TestUsers.as(auditor, () -> networks.updateLifecycle(network, rules), roles))
                    .isInstanceOf(AccessDeniedException.class);
        }
        assertThat(networks.lifecycle(network)).isEqualTo(NetworkLifecycle.DEFAULT);
        assertThatThrownBy(() -> asAdmin(() -> networks.updateLifecycle(Long.MAX_VALUE, rules)))
                .isInstanceOf(NetworkNotFoundException.class);
    }
}
