package dev.tunnelgate.testing;

import dev.tunnelgate.Application;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: every subclass shares one running portal (same configuration,
 * so Spring caches the context). The database is in-memory H2, or the PostgreSQL server named
 * by the system property {@code tunnelgate.test.postgres.url} (set by the build's PostgreSQL pass).
 * Gateway groups' delivery progress can be scripted through {@link ScriptedDeliveryProgress}.
 */
@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({ScriptedDeliveryProgress.class, TestClockConfiguration.class})
public abstract class PortalIntegrationTest {
    /** The bearer token the identity provider presents at /scim/v2 in the tests. */
    public static final String SCIM_TOKEN = "scim-test-token-0123456789-abcdefghijklmnopqrstuvwxyz";

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        // A key file of the test run, never one in the developer's ./data.
        registry.add("tunnelgate.secrets.key-file", () -> "target/it-secret.key");
        // Jobs give up in seconds, not minutes, so a test can watch a job fail (~4 s with these).
        registry.add("tunnelgate.jobs.ack-timeout", () -> "1s");
        registry.add("tunnelgate.jobs.retry-delay", () -> "400ms");
        registry.add("tunnelgate.jobs.retry-multiplier", () -> "3");
        registry.add("tunnelgate.jobs.max-attempts", () -> "3");
        // The actuator (Prometheus metrics, health) on a management port of its own, as operators run it: a free
        // port on 127.0.0.1 (@LocalManagementPort); the portal's port then serves none of it.
        registry.add("management.server.port", () -> "0");
        registry.add("management.server.address", () -> "127.0.0.1");
        // SCIM is on, for the embedded dev IdP's issuer (the default), with a token the SCIM tests present.
        registry.add("tunnelgate.scim.token", () -> SCIM_TOKEN);
        var postgres = TestDatabase.postgresUrl();
        if (postgres != null) {
            registry.add("spring.datasource.url", () -> postgres);
            registry.add("spring.datasource.username", TestDatabase::postgresUser);
            registry.add("spring.datasource.password", TestDatabase::postgresPassword);
            // As application-postgres.properties has it.
            registry.add("db-scheduler.polling-strategy", () -> "lock-and-fetch");
            registry.add("db-scheduler.polling-strategy-upper-limit-fraction-of-threads", () -> "1.0");
        } else {
            registry.add("spring.datasource.url", () -> "jdbc:h2:mem:tunnelgate-it;DB_CLOSE_DELAY=-1");
        }
    }

    protected String baseUrl() {
        return "http://localhost:" + port;
    }
}
