package dev.tunnelgate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.devices.DeviceService;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.policy.AccessFixture;
import dev.tunnelgate.policy.AccessGrants;
import dev.tunnelgate.policy.DestinationService;
import dev.tunnelgate.policy.PolicyService;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.testing.PortalIntegrationTest;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/** The groups claim of each sign-in is recorded, announced when it changes, and decides what devices reach. */
@RecordApplicationEvents
class UserGroupsIT extends PortalIntegrationTest {
    private static final String ISSUER = "https://idp.test/groups";

    @Autowired
    LoginRecorder recorder;

    @Autowired
    NetworkService networks;

    @Autowired
    DeviceService devices;

    @Autowired
    DestinationService destinations;

    @Autowired
    PolicyService policies;

    @Autowired
    AccessGrants grants;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApplicationEvents events;

    private AppUser signIn(String subject, String... groups) {
        return recorder.signedIn(
                new OidcIdentity(ISSUER, subject, "Bob " + subject, null, Set.of(groups)), Set.of(Roles.Role.USER));
    }

    private List<String> recorded(long userId) {
        return jdbc.queryForList(
                "select group_name from app_user_group where user_id = ? order by group_name", String.class, userId);
    }

    private List<String> audited(long userId) {
        return jdbc.queryForList(
                "select details from audit_event where action = 'user.groups-changed' and target = ? order by id",
                String.class,
                "user:" + userId);
    }

    /** The group events of one user, in the order they were published. */
    private List<Object> groupEvents(long userId) {
        return events.stream()
                .<Object>map(e -> e instanceof PayloadApplicationEvent<?> p ? p.getPayload() : e)
                .filter(e -> (e instanceof UserGroupsChanging c && c.userId() == userId)
                        || (e instanceof UserGroupsChanged d && d.userId() == userId))
                .toList();
    }

    @Test
    void each_sign_in_records_the_groups_claim_and_announces_a_change_before_and_after() {
        var subject = UUID.randomUUID().toString();
        long id = signIn(subject, "/engineering", "staff").id();

        assertThat(recorded(id)).containsExactly("engineering", "staff");
        assertThat(groupEvents(id)).containsExactly(new UserGroupsChanging(id), new UserGroupsChanged(id));
        assertThat(audited(id)).containsExactly("before=[] after=[engineering, staff]");

        events.clear();
        signIn(subject, "staff", "engineering");
        assertThat(groupEvents(id)).isEmpty();
        assertThat(audited(id)).hasSize(1);

        signIn(subject, "staff");
        assertThat(recorded(id)).containsExactly("staff");
        assertThat(groupEvents(id)).containsExactly(new UserGroupsChanging(id), new UserGroupsChanged(id));
        assertThat(audited(id)).last().isEqualTo("before=[engineering, staff] after=[staff]");
    }

    @Test
    void group_names_that_no_policy_could_name_are_not_recorded() {
        var subject = UUID.randomUUID().toString();
        long id = signIn(subject, "ok", "a\nb", "zero\u0000", "x".repeat(257), "/", "y".repeat(256))
                .id();

        assertThat(recorded(id)).containsExactly("ok", "y".repeat(256));
    }

    @Test
    void bob_removed_from_the_group_at_the_idp_loses_access_at_his_next_sign_in() {
        var fx = new AccessFixture(networks, devices, destinations, policies, jdbc);
        var subject = UUID.randomUUID().toString();
        long bob = signIn(subject, "engineering").id();
        long network = fx.network(false);
        long a = fx.destination(AccessProtocol.TCP, List.of("80"), "10.%d.1.0/24".formatted(fx.octet()));
        fx.policy(Set.of(network), Set.of(a), List.of("engineering"), Set.of());
        long device = fx.device(bob, network);
        assertThat(grants.explain(device))
                .extracting(AccessGrants.Granted::destinationId)
                .containsExactly(a);

        signIn(subject, "sales");

        assertThat(grants.grant(device)).isNull();
        signIn(subject, "/engineering");
        assertThat(grants.explain(device))
                .extracting(AccessGrants.Granted::destinationId)
                .containsExactly(a);
    }
}
