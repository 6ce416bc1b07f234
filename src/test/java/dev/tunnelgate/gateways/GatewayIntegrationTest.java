package dev.tunnelgate.gateways;

import dev.tunnelgate.devices.DeviceService;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.PortalIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The services gateway tests drive, and a fresh {@link GatewayFixture} (unique names) for each test. */
public abstract class GatewayIntegrationTest extends PortalIntegrationTest {
    @Autowired
    protected NetworkService networks;
    @Autowired
    protected GatewayService gateways;
    @Autowired
    protected DeviceService devices;
    @Autowired
    protected JdbcTemplate jdbc;

    protected GatewayFixture fixture;

    @BeforeEach
    void createFixture() {
        fixture = new GatewayFixture(networks, gateways, devices, jdbc);
    }
}
