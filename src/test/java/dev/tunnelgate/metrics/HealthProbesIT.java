package dev.tunnelgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.testing.PortalIntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The load balancer's probes on the portal's own port: open to anyone, status only; and the rest of the actuator,
 * which the probes must not open on that port.
 */
class HealthProbesIT extends PortalIntegrationTest {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void livez_and_readyz_answer_anyone_on_the_portal_port_with_a_status_and_no_details() throws Exception {
        for (var path : new String[] {"/livez", "/readyz"}) {
            var response = get(path);

            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).isEqualTo("{\"status\":\"UP\"}");
            assertThat(response.headers().firstValue("Set-Cookie")).as(path).isEmpty();
        }
    }

    @Test
    void the_probes_open_no_other_actuator_endpoint_on_the_portal_port() throws Exception {
        for (var path : new String[] {
            "/actuator/prometheus",
            "/actuator/health",
            "/actuator/health/readiness",
            "/actuator/health/db",
            "/readyz/db",
            "/livez/../actuator/prometheus"
        }) {
            var response = get(path);

            assertThat(response.statusCode()).as(path).isNotEqualTo(200);
            assertThat(response.body()).as(path).doesNotContain("jvm_memory", "\"UP\"", "components");
        }
        // Anonymous requests for anything else are sent to sign-in; signed in, such paths are not found.
        assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(302);
    }

    @Test
    void a_probe_changes_nothing() throws Exception {
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + "/readyz"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json")
                .build();

        var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isNotEqualTo(200);
        assertThat(response.body()).doesNotContain("\"UP\"");
    }
}
