package dev.tunnelgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.mock.env.MockEnvironment;

/**
 * Without a management port of its own the scrape endpoint does not exist (the integration tests run with one, so
 * this is where the default is checked).
 */
class MetricsSecurityTest {
    private static ExposableWebEndpoint endpoint(String id) {
        var endpoint = mock(ExposableWebEndpoint.class);
        when(endpoint.getEndpointId()).thenReturn(EndpointId.of(id));
        return endpoint;
    }

    @Test
    void on_the_portal_s_port_prometheus_is_not_exposed_and_health_stays() {
        var filter = new MetricsSecurity().prometheusOnlyOnManagementPort(new MockEnvironment());

        assertThat(filter.match(endpoint("prometheus"))).isFalse();
        assertThat(filter.match(endpoint("health"))).isTrue();
    }

    @Test
    void the_same_port_named_twice_is_still_the_portal_s_port() {
        var environment = new MockEnvironment()
                .withProperty("server.port", "8080")
                .withProperty("management.server.port", "8080");

        assertThat(new MetricsSecurity()
                        .prometheusOnlyOnManagementPort(environment)
                        .match(endpoint("prometheus")))
                .isFalse();
    }

    @Test
    void on_a_management_port_of_its_own_prometheus_is_exposed() {
        var environment = new MockEnvironment().withProperty("management.server.port", "9090");

        assertThat(new MetricsSecurity()
                        .prometheusOnlyOnManagementPort(environment)
                        .match(endpoint("prometheus")))
                .isTrue();
    }
}
