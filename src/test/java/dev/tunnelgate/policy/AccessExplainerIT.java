package dev.tunnelgate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.devices.DeviceService;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.NotFoundException;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;

/**
 * Who reaches what, and why, as admins and auditors ask it. bob (engineering) and alice (engineering, ops) share a
 * network with carol, whom a policy names directly; a disabled policy grants engineering everything on one prefix.
 */
class AccessExplainerIT extends PortalIntegrationTest {
    @Autowired
    AccessExplainer explainer;

    @Autowired
    NetworkService networks;

    @Autowired
    DeviceService devices;

    @Autowired
    JdbcTemplate jdbc;

    ExplainFixture fx;
    long bob;
    long alice;
    long carol;
    long bobLaptop;
    long bobPhone;
    long aliceLaptop;
    long aliceOld;
    long carolLaptop;
    Set<Long> ours;

    @BeforeEach
    void twoGroupsFivePoliciesAndTheirDevices() {
        fx = new ExplainFixture(networks, devices, jdbc);
        long net = fx.network("10.0.0.0/8");
        bob = fx.user("bob");
        alice = fx.user("alice");
        carol = fx.user("carol");
        ours = Set.of(bob, alice, carol);
        fx.groups(bob, "engineering");
        fx.groups(alice, "engineering", "ops");
        bobLaptop = fx.device(bob, net, "bob-laptop");
        bobPhone = fx.pendingDevice(bob, net, "bob-phone");
        aliceLaptop = fx.device(alice, net, "alice-laptop");
        aliceOld = fx.device(alice, net, "alice-old");
        fx.revoke(alice, aliceOld);
        carolLaptop = fx.device(carol, net, "carol-laptop");

        long wiki = fx.destination("Wiki", "198.18.10.0/24", "TCP", "443");
        long ssh = fx.destination("SSH", "198.18.20.0/24", "TCP", "22");
        long web = fx.destination("Web", "198.18.20.0/24", "TCP", "8000-8100");
        long dns = fx.destination("DNS", "fd00:beef::/64", "UDP", "53");
        long ping = fx.destination("Ping", "198.18.30.0/24", "ICMP", "");
        long lab = fx.destination("Lab", "198.18.40.0/24", "ANY", "");
        fx.policy("Engineering", true, net, List.of(wiki), List.of("engineering"), List.of());
        fx.policy("Wiki for bob", true, net, List.of(wiki), List.of(), List.of(bob));
        fx.policy("Ops", true, net, List.of(ssh, web, dns), List.of("ops"), List.of());
        fx.policy("Direct", true, net, List.of(ping, lab), List.of(), List.of(carol));
        fx.policy("Disabled", false, net, List.of(lab), List.of("engineering"), List.of());
    }

    @AfterEach
    void cleanUp() {
        fx.cleanUp();
    }

    private <T> T asAuditor(java.util.function.Supplier<T> action) {
        return fx.as(fx.admin, action, Roles.USER, Roles.AUDITOR);
    }

    private AccessExplainer.AddressAccess who(
            String address, @Nullable AccessProtocol protocol, @Nullable String port) {
        return asAuditor(() -> explainer.whoReaches(address, protocol, port));
    }

    /** Our devices among the answer (the database is shared with other tests). */
    private List<String> active(AccessExplainer.AddressAccess access) {
        return names(access.active());
    }

    private List<String> pending(AccessExplainer.AddressAccess access) {
        return names(access.pending());
    }

    private List<String> names(List<DeviceAccess> devices) {
        return devices.stream()
                .filter(d -> ours.contains(d.ownerId()))
                .map(DeviceAccess::deviceName)
                .sorted()
                .toList();
    }

    private static List<String> labels(DeviceAccess device) {
        return device.reaches().stream()
                .map(r -> r.destinationName() + " " + r.trafficText() + " by " + r.grantedBy())
                .toList();
    }

    @Test
    void a_users_devices_list_each_destination_with_every_enabled_policy_that_grants_it() {
        var access = asAuditor(() -> explainer.forUser(bob));

        assertThat(access.displayName()).isEqualTo(fx.name(bob));
        assertThat(access.groups()).containsExactly("engineering");
        assertThat(access.devices()).extracting(DeviceAccess::deviceName).containsExactly("bob-laptop", "bob-phone");
        assertThat(access.devices()).extracting(DeviceAccess::status).containsExactly("ACTIVE", "PENDING");
        for (var device : access.devices()) {
            assertThat(labels(device))
                    .containsExactly(fx.destinationName("Wiki") + " tcp 443 by " + fx.policyName("Engineering") + ", "
                            + fx.policyName("Wiki for bob"));
        }
    }

    @Test
    void alice_reaches_through_both_groups_and_her_revoked_device_is_not_listed() {
        var access = asAuditor(() -> explainer.forUser(alice));

        assertThat(access.groups()).containsExactly("engineering", "ops");
        assertThat(access.devices()).extracting(DeviceAccess::deviceName).containsExactly("alice-laptop");
        assertThat(labels(access.devices().getFirst()))
                .containsExactly(
                        fx.destinationName("Wiki") + " tcp 443 by " + fx.policyName("Engineering"),
                        fx.destinationName("SSH") + " tcp 22 by " + fx.policyName("Ops"),
                        fx.destinationName("Web") + " tcp 8000-8100 by " + fx.policyName("Ops"),
                        fx.destinationName("DNS") + " udp 53 by " + fx.policyName("Ops"));
    }

    @Test
    void a_device_explains_itself_and_a_revoked_one_reaches_nothing() {
        var carols = asAuditor(() -> explainer.forDevice(carolLaptop));
        assertThat(carols.ownerName()).isEqualTo(fx.name(carol));
        assertThat(labels(carols))
                .containsExactly(
                        fx.destinationName("Ping") + " icmp by " + fx.policyName("Direct"),
                        fx.destinationName("Lab") + " any protocol by " + fx.policyName("Direct"));

        var old = asAuditor(() -> explainer.forDevice(aliceOld));
        assertThat(old.retired()).isTrue();
        assertThat(old.reaches()).isEmpty();

        assertThatThrownBy(() -> asAuditor(() -> explainer.forDevice(Long.MAX_VALUE)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> asAuditor(() -> explainer.forUser(Long.MAX_VALUE)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void who_reaches_an_address_and_port_counts_active_devices_and_lists_pending_ones_apart() {
        var https = who("198.18.10.7", AccessProtocol.TCP, "443");
        assertThat(active(https)).containsExactly("alice-laptop", "bob-laptop");
        assertThat(pending(https)).containsExactly("bob-phone");
        assertThat(https.question()).isEqualTo("198.18.10.7 tcp 443");
        var bobs = https.active().stream()
                .filter(d -> d.deviceId() == bobLaptop)
                .findFirst()
                .orElseThrow();
        assertThat(bobs.reaches())
                .extracting(Reach::policyNames)
                .containsExactly(List.of(fx.policyName("Engineering"), fx.policyName("Wiki for bob")));

        assertThat(active(who("198.18.10.7", AccessProtocol.TCP, "80"))).isEmpty();
        assertThat(active(who("198.18.10.7", AccessProtocol.UDP, "443"))).isEmpty();
        assertThat(active(who("198.18.10.7", AccessProtocol.ICMP, null))).isEmpty();
        assertThat(active(who("198.18.10.7", null, null))).containsExactly("alice-laptop", "bob-laptop");
        assertThat(active(who("198.18.11.7", null, null))).isEmpty();
    }

    @Test
    void port_ranges_are_matched_inclusively_and_a_port_without_protocol_means_tcp_or_udp() {
        assertThat(active(who("198.18.20.5", null, "8000"))).containsExactly("alice-laptop");
        assertThat(active(who("198.18.20.5", null, "8100"))).containsExactly("alice-laptop");
        assertThat(active(who("198.18.20.5", AccessProtocol.TCP, "8080"))).containsExactly("alice-laptop");
        assertThat(active(who("198.18.20.5", null, "8101"))).isEmpty();
        assertThat(active(who("198.18.20.5", null, "7999"))).isEmpty();
        var ssh = who("198.18.20.5", null, "22");
        assertThat(active(ssh)).containsExactly("alice-laptop");
        assertThat(ssh.active().stream()
                        .filter(d -> ours.contains(d.ownerId()))
                        .findFirst()
                        .orElseThrow()
                        .reaches())
                .extracting(Reach::destinationName)
                .containsExactly(fx.destinationName("SSH"));
        assertThat(active(who("198.18.20.5", AccessProtocol.UDP, "22"))).isEmpty();
        assertThat(active(who("198.18.20.5", AccessProtocol.ICMP, null))).isEmpty();
    }

    @Test
    void icmp_and_any_protocol_rules_and_disabled_policies() {
        assertThat(active(who("198.18.30.1", AccessProtocol.ICMP, null))).containsExactly("carol-laptop");
        assertThat(active(who("198.18.30.1", AccessProtocol.TCP, "443"))).isEmpty();
        assertThat(active(who("198.18.30.1", null, "443"))).isEmpty();
        assertThat(active(who("198.18.30.1", null, null))).containsExactly("carol-laptop");
        // Lab is any protocol: every port and ICMP, but only for carol; the disabled policy gives bob and alice none.
        assertThat(active(who("198.18.40.9", AccessProtocol.TCP, "5432"))).containsExactly("carol-laptop");
        assertThat(active(who("198.18.40.9", AccessProtocol.UDP, "65535"))).containsExactly("carol-laptop");
        assertThat(active(who("198.18.40.9", AccessProtocol.ICMP, null))).containsExactly("carol-laptop");
        assertThat(active(who("198.18.40.9", AccessProtocol.ANY, "1"))).containsExactly("carol-laptop");
    }

    @Test
    void ipv6_addresses_are_answered_in_any_spelling() {
        assertThat(active(who("fd00:beef::53", AccessProtocol.UDP, "53"))).containsExactly("alice-laptop");
        var spelled = who("FD00:BEEF:0:0:0:0:0:53", null, null);
        assertThat(active(spelled)).containsExactly("alice-laptop");
        assertThat(spelled.address()).isEqualTo("fd00:beef::53");
        assertThat(active(who("fd00:beef::53", AccessProtocol.TCP, "53"))).isEmpty();
        assertThat(active(who("fd00:beef:1::53", null, null))).isEmpty();
    }

    @Test
    void an_open_network_without_policies_lets_its_devices_reach_its_routes() {
        long open = fx.network("10.77.0.0/16", "fd77::/64");
        fx.open(open);
        long dave = fx.user("dave");
        long laptop = fx.device(dave, open, "dave-laptop");

        var access = asAuditor(() -> explainer.forDevice(laptop));
        assertThat(access.reaches()).hasSize(1);
        assertThat(access.reaches().getFirst().openNetwork()).isTrue();
        assertThat(access.reaches().getFirst().label()).isEqualTo("Everything the gateway routes");
        assertThat(access.reaches().getFirst().prefixesText()).isEqualTo("10.77.0.0/16, fd77::/64");
        var who = who("10.77.3.4", AccessProtocol.TCP, "22");
        assertThat(who.active()).extracting(DeviceAccess::deviceId).contains(laptop);
        assertThat(who("10.78.3.4", AccessProtocol.TCP, "22").active())
                .extracting(DeviceAccess::deviceId)
                .doesNotContain(laptop);
    }

    @Test
    void hostile_addresses_and_ports_are_refused_naming_the_field() {
        for (var address : new String[] {
            "",
            "   ",
            "10.1.2.3/24",
            "10.1.2.0/24",
            "wiki.example.com",
            "10.1.2.256",
            "10.9.9",
            "010.1.2.3",
            "::ffff:10.1.2.3",
            "fe80::1%eth0",
            "10.1.2.3; drop table device",
            "1".repeat(10_000),
            "10.1.2.3-10.1.2.9",
            "*.*.*.*",
            "<script>"
        }) {
            assertThatThrownBy(() -> who(address, AccessProtocol.TCP, "443"))
                    .as(address.length() > 40 ? "a long text" : address)
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                        assertThat(e.field()).isEqualTo(ExplainField.ADDRESS);
                        assertThat(e.getMessage())
                                .contains("address")
                                .doesNotContain(address.strip().isEmpty() ? "§" : address);
                    });
        }
        for (var port :
                new String[] {"0", "65536", "99999", "-1", "abc", "44 3", "0443", "443.0", "1".repeat(1000), "+443"}) {
            assertThatThrownBy(() -> who("10.1.2.3", AccessProtocol.TCP, port))
                    .as(port.length() > 40 ? "a long port" : port)
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                        assertThat(e.field()).isEqualTo(ExplainField.PORT);
                        assertThat(e.getMessage()).isEqualTo("A port is a number from 1 to 65535");
                    });
        }
        assertThatThrownBy(() -> who("10.1.2.3", AccessProtocol.ICMP, "443"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(ExplainField.PORT));
        assertThat(who(" 198.18.10.7 ", AccessProtocol.TCP, " 443 ").port()).isEqualTo(443);
        assertThat(who("198.18.10.7", AccessProtocol.TCP, "").port()).isNull();
    }

    @Test
    void users_may_not_explain_and_auditors_may() {
        for (var call : List.<Runnable>of(
                () -> explainer.forUser(bob),
                () -> explainer.forDevice(bobLaptop),
                () -> explainer.whoReaches("198.18.10.7", null, null),
                () -> explainer.findUsers("", 0, 10),
                () -> explainer.findDevices("", 0, 10))) {
            assertThatThrownBy(() -> fx.as(
                            bob,
                            () -> {
                                call.run();
                                return null;
                            },
                            Roles.USER))
                    .isInstanceOf(AccessDeniedException.class);
            asAuditor(() -> {
                call.run();
                return null;
            });
        }
    }

    @Test
    void pickers_find_users_and_devices_by_part_of_their_name() {
        assertThat(asAuditor(() -> explainer.findUsers("CAROL " + fx.suffix, 0, 10)))
                .extracting(AccessExplainer.UserOption::id)
                .containsExactly(carol);
        assertThat(asAuditor(() -> explainer.findUsers("%", 0, 10))).isEmpty();
        assertThat(asAuditor(() -> explainer.findDevices("bob " + fx.suffix, 0, 10)))
                .extracting(AccessExplainer.DeviceOption::name)
                .containsExactly("bob-laptop", "bob-phone");
    }
}
