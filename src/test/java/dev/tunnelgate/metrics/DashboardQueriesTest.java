package dev.tunnelgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reading metric names out of PromQL, so the dashboard test checks what Prometheus would select. */
class DashboardQueriesTest {
    @Test
    void names_are_found_inside_functions_and_aggregations_but_not_in_matchers_ranges_or_label_lists() {
        assertThat(DashboardQueries.metricNames(
                        "histogram_quantile(0.95, sum by (le, group) (rate(a_seconds_bucket{group=~\"x|y\","
                                + " instance=~\"$portal\"}[$__rate_interval])))"))
                .containsExactly("a_seconds_bucket");
        assertThat(DashboardQueries.metricNames("max without(instance) (b) > bool 0 and on(group) c offset 5m"))
                .containsExactly("b", "c");
        assertThat(DashboardQueries.metricNames("time() - d{x=\"} e\"} * 3600 / f:rule"))
                .containsExactly("d", "f:rule");
        assertThat(DashboardQueries.metricNames("sum(rate(g_total[5m])) by (reason) * 1e3"))
                .containsExactly("g_total");
        assertThat(DashboardQueries.metricNames("count by (group) (h == 1) or vector(0)"))
                .containsExactly("h");
        assertThat(DashboardQueries.metricNames("sum by (le) (i_bucket{a='q\\'}'})[${range}:1m]"))
                .containsExactly("i_bucket");
    }

    @Test
    void the_dashboard_queries_portal_and_agent_metrics_and_its_variables_are_read_too() throws Exception {
        var dashboard = Path.of("deploy/grafana/tunnelgate.json");

        var names = DashboardQueries.metricNames(dashboard);

        assertThat(DashboardQueries.queries(dashboard)).contains("tunnelgate_agent_applied_revision");
        assertThat(names)
                .contains(
                        "tunnelgate_devices",
                        "tunnelgate_gateway_delivery_seconds_bucket",
                        "tunnelgate_agent_peer_handshake_age_seconds_bucket",
                        "tunnelgate_agent_nft_dropped_packets_total")
                .doesNotContain("instance", "le", "group", "sum", "rate", "time");
    }
}
