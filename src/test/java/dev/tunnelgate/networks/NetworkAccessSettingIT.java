package dev.tunnelgate.networks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.text.InvalidInputException;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/** "Without policies, devices reach everything the gateway routes": off for new networks, changed like any setting. */
@RecordApplicationEvents
class NetworkAccessSettingIT extends PortalIntegrationTest {
    @Autowired
    NetworkService networks;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApplicationEvents events;

    @BeforeEach
    void signIn() {
        SecurityContextHolder.getContext().setAuthentication(TestLogins.as(7, "Alice Admin", Roles.USER, Roles.ADMIN));
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    private boolean stored(long id) {
        return jdbc.queryForObject("select open_without_policies from network where id = ?", Boolean.class, id);
    }

    @Test
    void a_new_network_starts_default_deny_and_the_setting_is_stored_and_audited() {
        var name = "open-" + UUID.randomUUID().toString().substring(0, 8);
        long id = networks.create(TestNetworks.network(name, "10.61.0.0/24", b -> b));
        assertThat(stored(id)).isFalse();
        assertThat(networks.get(id).openWithoutPolicies()).isFalse();
        assertThat(jdbc.queryForObject(
                        "select open_without_policies from network where name = 'Office'", Boolean.class))
                .as("the embedded default network is new too")
                .isFalse();

        events.clear();
        networks.update(id, TestNetworks.network(name, "10.61.0.0/24", b -> b.openWithoutPolicies(true)));

        assertThat(stored(id)).isTrue();
        assertThat(NetworkSpec.of(networks.get(id)).openWithoutPolicies()).isTrue();
        assertThat(jdbc.queryForObject(
                        "select details from audit_event where action = 'network.changed' and target = ?"
                                + " order by id desc limit 1",
                        String.class,
                        "network:" + id))
                .contains("openWithoutPolicies=false]")
                .contains("openWithoutPolicies=true]");
        assertThat(events.stream()
                        .<Object>map(e -> e instanceof PayloadApplicationEvent<?> p ? p.getPayload() : e)
                        .filter(e -> e instanceof NetworkChanging || e instanceof NetworkChanged))
                .containsExactly(new NetworkChanging(id), new NetworkChanged(id));
    }

    @Test
    void an_invalid_change_publishes_nothing() {
        var name = "open-" + UUID.randomUUID().toString().substring(0, 8);
        long id = networks.create(TestNetworks.network(name, "10.62.0.0/24", b -> b));
        events.clear();
        assertThatThrownBy(() -> networks.update(
                        id,
                        TestNetworks.network(name, "10.62.0.0/24", b -> b.mtu(1).openWithoutPolicies(true))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("MTU");
        assertThat(stored(id)).isFalse();
        assertThat(events.stream(PayloadApplicationEvent.class).map(PayloadApplicationEvent::getPayload))
                .noneMatch(e -> e instanceof NetworkChanging || e instanceof NetworkChanged);
    }
}
