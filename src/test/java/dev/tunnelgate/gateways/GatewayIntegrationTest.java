package dev.tunnelgate.gateways;

import dev.tunnelgate.devices.DeviceService;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.PortalIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The services gateway tests drive, and a fresh {@link GatewayFixture} (unique names) for each test. */
abstract class GatewayIntegrationTest extends PortalIntegrationTest {
    @Autowired
    NetworkService networks;
    @Autowired
    GatewayService gateways;
    @Autowired
    DeviceService devices;
    @Autowired
    JdbcTemplate jdbc;

    GatewayFixture fixture;

    @BeforeEach
    void createFixture() {
        fixture = new GatewayFixture(networks, gateways, devices, jdbc);
    }
}
