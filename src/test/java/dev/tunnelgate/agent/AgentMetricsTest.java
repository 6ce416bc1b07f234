package dev.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.agent.AgentMetrics.PollOutcome;
import dev.tunnelgate.protocol.DriftEntry;
import dev.tunnelgate.protocol.GatewayState;
import dev.tunnelgate.protocol.InterfaceConfig;
import dev.tunnelgate.protocol.PeerSpec;
import dev.tunnelgate.testing.PrometheusScrape;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The agent's exposition, written by hand, read back by a strict parser of Prometheus' text format. */
class AgentMetricsTest {
    static final Instant START = Instant.parse("2030-01-01T12:00:00Z");
    final AtomicReference<Instant> now = new AtomicReference<>(START);
    final InstantSource clock = now::get;

    static PeerState peer(String key, Instant handshake) {
        return new PeerState(key, null, List.of("10.0.0.2/32"), "198.51.100.7:51820", handshake, 10, 20);
    }

    @Test
    void a_fresh_agent_exposes_its_counters_at_zero_and_nothing_it_has_not_seen_yet() {
        var scrape = PrometheusScrape.parse(new AgentMetrics(clock, "1.2.3").render(Optional.empty()));

        assertThat(scrape.value("tunnelgate_agent_applied_revision")).isZero();
        assertThat(scrape.value("tunnelgate_agent_polls_total", "outcome", "unreachable"))
                .isZero();
        assertThat(scrape.value("tunnelgate_agent_drift_repaired_total", "kind", "missing"))
                .isZero();
        assertThat(scrape.value("tunnelgate_agent_apply_duration_seconds_count", "kind", "delta"))
                .isZero();
        assertThat(scrape.value("tunnelgate_agent_info", "version", "1.2.3")).isEqualTo(1);
        assertThat(scrape.names())
                .doesNotContain(
                        "tunnelgate_agent_peers",
                        "tunnelgate_agent_portal_reachable",
                        "tunnelgate_agent_nft_dropped_packets_total");
        assertEveryFamilyIsTyped(scrape);
    }

    @Test
    void what_the_agent_did_reads_back_with_buckets_counters_and_handshake_ages_measured_at_the_scrape() {
        var metrics = new AgentMetrics(clock, "1.2.3");
        var config = new InterfaceConfig(51820, List.of("10.0.0.1/24"));
        var a = new PeerSpec(WgDumpTest.A, null, List.of("10.0.0.2/32"));
        var b = new PeerSpec(WgDumpTest.B, null, List.of("10.0.0.3/32"));
        metrics.state(GatewayState.snapshot(7, config, List.of(a, b)), GatewayState.snapshot(6, config, List.of(a)));
        metrics.applied(GatewayState.Kind.DELTA, Duration.ofMillis(30));
        metrics.applied(GatewayState.Kind.SNAPSHOT, Duration.ofSeconds(2));
        metrics.applyFailed();
        metrics.driftRepaired(List.of(
                new DriftEntry(DriftEntry.Kind.EXTRA, WgDumpTest.C),
                new DriftEntry(DriftEntry.Kind.MISSING, WgDumpTest.A),
                DriftEntry.rules()));
        metrics.polled(PollOutcome.OK);
        var answered = now.get();
        metrics.interfaceRead(new InterfaceState(
                WgDumpTest.SELF,
                51820,
                Map.of(
                        WgDumpTest.A, peer(WgDumpTest.A, START.minusSeconds(10)),
                        WgDumpTest.B, peer(WgDumpTest.B, START.minusSeconds(400)),
                        WgDumpTest.C, new PeerState(WgDumpTest.C, null, List.of(), null, null, 0, 0))));
        metrics.accessEnforced(false);
        now.set(START.plusSeconds(100));
        metrics.polled(PollOutcome.UNREACHABLE);

        var text = metrics.render(Optional.of(new Firewall.Dropped(5, 420)));
        var scrape = PrometheusScrape.parse(text);

        assertEveryFamilyIsTyped(scrape);
        assertThat(scrape.value("tunnelgate_agent_desired_revision")).isEqualTo(7);
        assertThat(scrape.value("tunnelgate_agent_applied_revision")).isEqualTo(6);
        assertThat(scrape.value("tunnelgate_agent_desired_peers")).isEqualTo(2);
        var delta = new String[] {"kind", "delta"};
        assertThat(scrape.value("tunnelgate_agent_apply_duration_seconds_bucket", "kind", "delta", "le", "0.025"))
                .isZero();
        assertThat(scrape.value("tunnelgate_agent_apply_duration_seconds_bucket", "kind", "delta", "le", "0.05"))
                .isEqualTo(1);
        assertThat(scrape.value("tunnelgate_agent_apply_duration_seconds_bucket", "kind", "snapshot", "le", "1"))
                .isZero();
        assertThat(scrape.value("tunnelgate_agent_apply_duration_seconds_bucket", "kind", "snapshot", "le", "+Inf"))
                .isEqualTo(1);
        assertThat(scrape.value("tunnelgate_agent_apply_duration_seconds_sum", delta))
                .isEqualTo(0.03);
        assertThat(scrape.value("tunnelgate_agent_apply_failures_total")).isEqualTo(1);
        assertThat(scrape.value("tunnelgate_agent_drift_repaired_total", "kind", "extra"))
                .isEqualTo(1);
        assertThat(scrape.value("tunnelgate_agent_drift_repaired_total", "kind", "rules"))
                .isEqualTo(1);
        assertThat(scrape.value("tunnelgate_agent_drift_repaired_total", "kind", "changed"))
                .isZero();
        assertThat(scrape.value("tunnelgate_agent_polls_total", "outcome", "ok"))
                .isEqualTo(1);
        assertThat(scrape.value("tunnelgate_agent_polls_total", "outcome", "unreachable"))
                .isEqualTo(1);
        assertThat(scrape.value("tunnelgate_agent_portal_reachable")).isZero();
        assertThat(scrape.value("tunnelgate_agent_portal_last_success_timestamp_seconds"))
                .isEqualTo(answered.getEpochSecond());
        assertThat(scrape.value("tunnelgate_agent_access_enforced")).isZero();
        assertThat(scrape.value("tunnelgate_agent_nft_dropped_packets_total")).isEqualTo(5);
        assertThat(scrape.value("tunnelgate_agent_nft_dropped_bytes_total")).isEqualTo(420);
        assertThat(scrape.value("tunnelgate_agent_peers")).isEqualTo(3);
        assertThat(scrape.value("tunnelgate_agent_peers_without_handshake")).isEqualTo(1);
        // Read at START, scraped 100 s later: the handshakes are 110 s and 500 s old now.
        assertThat(scrape.value("tunnelgate_agent_peer_handshake_age_seconds_bucket", "le", "60"))
                .isZero();
        assertThat(scrape.value("tunnelgate_agent_peer_handshake_age_seconds_bucket", "le", "120"))
                .isEqualTo(1);
        assertThat(scrape.value("tunnelgate_agent_peer_handshake_age_seconds_bucket", "le", "300"))
                .isEqualTo(1);
        assertThat(scrape.value("tunnelgate_agent_peer_handshake_age_seconds_bucket", "le", "600"))
                .isEqualTo(2);
        assertThat(scrape.value("tunnelgate_agent_peer_handshake_age_seconds_bucket", "le", "+Inf"))
                .isEqualTo(2);
        assertThat(scrape.value("tunnelgate_agent_peer_handshake_age_seconds_count"))
                .isEqualTo(2);
        assertThat(scrape.value("tunnelgate_agent_peer_handshake_age_seconds_sum"))
                .isEqualTo(610);
        assertThat(scrape.types())
                .containsEntry("tunnelgate_agent_peer_handshake_age_seconds", "histogram")
                .containsEntry("tunnelgate_agent_polls_total", "counter")
                .containsEntry("tunnelgate_agent_peers", "gauge");
        // No peer is named: keys, addresses and endpoints stay out of the labels.
        assertThat(text).doesNotContain(WgDumpTest.A, WgDumpTest.SELF, "10.0.0.2", "198.51.100.7");
    }

    @Test
    void a_label_value_cannot_break_out_of_its_quotes_or_its_line() {
        var version = "1.0 \"x\"} 1\n# TYPE fake counter\\";
        var text = new AgentMetrics(clock, version).render(Optional.empty());

        var scrape = PrometheusScrape.parse(text);

        assertThat(scrape.find("tunnelgate_agent_info"))
                .singleElement()
                .satisfies(sample -> assertThat(sample.labels()).containsEntry("version", version));
        assertThat(scrape.types()).doesNotContainKey("fake");
    }

    @Test
    void numbers_are_written_as_prometheus_reads_them() {
        assertThat(PrometheusText.number(3)).isEqualTo("3");
        assertThat(PrometheusText.number(0.25)).isEqualTo("0.25");
        assertThat(PrometheusText.number(Double.NaN)).isEqualTo("NaN");
        assertThat(PrometheusText.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(PrometheusText.number(1.7e9 + 0.5)).isEqualTo("1700000000.5");
        assertThat(PrometheusText.number(1e-7)).isEqualTo("0.0000001");
        assertThatThrownBy(() -> new PrometheusText().sample("bad name", 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PrometheusText().sample("ok", 1, "le-x", "v"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Each sample belongs to a family with a TYPE line (a histogram's by its _bucket, _sum and _count). */
    static void assertEveryFamilyIsTyped(PrometheusScrape scrape) {
        for (var name : scrape.names()) {
            var family = name.replaceAll("_(bucket|sum|count)$", "");
            assertThat(scrape.types().containsKey(name) || scrape.types().containsKey(family))
                    .as("TYPE of " + name)
                    .isTrue();
        }
    }
}
