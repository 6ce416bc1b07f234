package dev.tunnelgate.gateways;

import com.github.kagkarlsson.scheduler.Scheduler;
import dev.tunnelgate.agent.WireGuardNetns;
import dev.tunnelgate.apitokens.ApiTokenService;
import dev.tunnelgate.identity.SsoProvider;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Two packaged portals on the test's PostgreSQL behind HAProxy, with a group of two members whose agents long-poll
 * through HAProxy ({@link PortalPairLab}). The test JVM is a third portal instance on the same database: it builds
 * the fixture and serves as the pair's OIDC provider, but its job scheduler is paused, so every job is run by the pair.
 */
abstract class PortalPairTest extends GatewayIntegrationTest {
    @Autowired
    protected SsoProvider idp;

    @Autowired
    protected ApiTokenService apiTokens;

    @Autowired
    private Scheduler scheduler;

    protected PortalPairLab lab;
    protected long group;
    protected long network;

    @BeforeEach
    void buildThePair() throws Exception {
        WireGuardNetns.requirePrerequisites();
        if (TestDatabase.postgresUrl() == null) {
            WireGuardNetns.abortOrFail("the portal pair needs PostgreSQL (two portal instances share it)");
        }
        if (!WireGuardNetns.onPath("haproxy")) {
            WireGuardNetns.abortOrFail("the portal pair needs haproxy (Debian package haproxy)");
        }
        scheduler.pause();
        network = fixture.network(ApprovalMode.MANUAL, 100);
        group = fixture.group("192.0.2.10:51820", 51820, network);
        var memberA = fixture.member(group, "gw-a");
        var memberB = fixture.member(group, "gw-b");
        var client = idp.registration();
        lab = PortalPairLab.start(baseUrl(), client.getClientId(), client.getClientSecret(), memberA, memberB);
    }

    @AfterEach
    void tearDownThePair() throws Exception {
        try {
            if (lab != null) {
                lab.close();
            }
        } finally {
            scheduler.resume();
        }
    }
}
