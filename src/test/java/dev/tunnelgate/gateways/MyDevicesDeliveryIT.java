package dev.tunnelgate.gateways;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import dev.tunnelgate.devices.DeviceRow;
import dev.tunnelgate.devices.MyDevicesView;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.testing.Views;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The "Gateways" column of My devices: the gateways' delivery state, worded by the view. */
class MyDevicesDeliveryIT extends GatewayIntegrationTest {
    @Autowired
    ApplicationContext context;

    @AfterEach
    void tearDown() {
        Views.stop();
    }

    @Test
    void my_devices_names_the_gateway_member_that_does_not_carry_an_approved_device_yet() {
        long network = fixture.network(ApprovalMode.MANUAL, 5);
        long group = fixture.group("vpn.example.test:51820", 51820, network);
        fixture.member(group, "gw-a");
        var device = fixture.enroll(network);
        fixture.approve(device.id());

        Views.start(context);
        Views.signIn(TestLogins.as(fixture.owner, "Device owner", Roles.USER), Roles.USER);
        UI.getCurrent().navigate(MyDevicesView.class);
        @SuppressWarnings("unchecked")
        Grid<DeviceRow> grid = LocatorJ._get(Grid.class);
        var row = IntStream.range(0, GridKt._size(grid))
                .mapToObj(i -> GridKt._get(grid, i))
                .filter(r -> r.id() == device.id())
                .findFirst()
                .orElseThrow();

        assertThat(GridKt._getFormatted(GridKt._getColumnByHeader(grid, "Gateways"), row))
                .isEqualTo("pending on gw-a (0/1)");
    }
}
