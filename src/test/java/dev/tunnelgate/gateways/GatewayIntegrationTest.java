package dev.tunnelgate.gateways;

import dev.tunnelgate.devices.DeviceService;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.Eventually;
import dev.tunnelgate.testing.PortalIntegrationTest;
import java.time.Duration;
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

    @Autowired
    private RevisionWatcher watcher;

    protected GatewayFixture fixture;

    @BeforeEach
    void createFixture() {
        fixture = new GatewayFixture(networks, gateways, devices, jdbc);
    }

    /**
     * Returns once the portal holds {@code count} long polls of the group waiting for a change, so a change made
     * next has to wake them: the race is set up the same way however slow the machine is.
     */
    protected void awaitWaitingPolls(long groupId, int count) {
        Eventually.await(
                Duration.ofSeconds(30),
                count + " poll(s) of group " + groupId + " waiting",
                () -> watcher.waiting(groupId),
                waiting -> waiting >= count);
    }
}
