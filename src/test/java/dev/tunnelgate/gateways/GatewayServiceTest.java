package dev.tunnelgate.gateways;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.identity.CurrentUser;
import dev.tunnelgate.networks.NetworkNotFoundException;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.text.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Only a network that is really missing is reported as missing; other failures are not dressed up as input errors. */
class GatewayServiceTest {
    private static final long NETWORK = 7;

    private final NetworkService networks = mock(NetworkService.class);
    private final GatewayService service = new GatewayService(
            mock(GatewayGroupRepository.class),
            mock(GatewayMemberRepository.class),
            networks,
            mock(DesiredState.class),
            mock(Revisions.class),
            mock(GroupNetworks.class),
            mock(AuditLog.class),
            mock(CurrentUser.class),
            Clock.systemUTC(),
            Duration.ofHours(24));

    private static GroupSpec groupServing(long networkId) {
        return new GroupSpec("gw", "vpn.example.com:51820", 51820, List.of(networkId), null);
    }

    @Test
    void a_missing_network_is_an_input_error_on_the_networks_field() {
        when(networks.get(NETWORK)).thenThrow(new NetworkNotFoundException(NETWORK));
        assertThatThrownBy(() -> service.createGroup(groupServing(NETWORK)))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(GroupField.NETWORKS))
                .hasMessage("Network 7 does not exist");
    }

    @Test
    void any_other_failure_to_read_a_network_surfaces_as_itself() {
        var failure = new IllegalStateException("connection to the database lost");
        when(networks.get(NETWORK)).thenThrow(failure);
        assertThatThrownBy(() -> service.createGroup(groupServing(NETWORK))).isSameAs(failure);
    }
}
