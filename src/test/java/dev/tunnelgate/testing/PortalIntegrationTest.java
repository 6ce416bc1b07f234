package dev.tunnelgate.testing;

import dev.tunnelgate.Application;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: every subclass shares one running portal (same configuration,
 * so Spring caches the context). The database is in-memory H2, or the PostgreSQL server named
 * by the system property {@code tunnelgate.test.postgres.url} (set by the build's PostgreSQL pass).
 */
@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class PortalIntegrationTest {
    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        // A key file of the test run, never one in the developer's ./data.
        registry.add("tunnelgate.secrets.key-file", () -> "target/it-secret.key");
        var postgres = TestDatabase.postgresUrl();
        if (postgres != null) {
            registry.add("spring.datasource.url", () -> postgres);
            registry.add("spring.datasource.username", TestDatabase::postgresUser);
            registry.add("spring.datasource.password", TestDatabase::postgresPassword);
        } else {
            registry.add("spring.datasource.url", () -> "jdbc:h2:mem:tunnelgate-it;DB_CLOSE_DELAY=-1");
        }
    }

    protected String baseUrl() {
        return "http://localhost:" + port;
    }
}
