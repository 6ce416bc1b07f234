package dev.tunnelgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.agent.InMemoryAgent;
import dev.tunnelgate.apitokens.ApiTokenScope;
import dev.tunnelgate.apitokens.ApiTokenService;
import dev.tunnelgate.gateways.GatewayIntegrationTest;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.testing.ApiClient;
import dev.tunnelgate.testing.Eventually;
import dev.tunnelgate.testing.PrometheusScrape;
import dev.tunnelgate.testing.WebWalker;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The portal's metrics scraped from its management port and an agent's from its {@code --metrics-listen} server,
 * against the Grafana dashboard that queries them; and the portal's own port, which serves them to nobody.
 */
class MetricsIT extends GatewayIntegrationTest {
    private static final Path DASHBOARD = Path.of("deploy/grafana/tunnelgate.json");
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @LocalManagementPort
    int managementPort;

    @Autowired
    GaugeRefresher refresher;

    @Autowired
    ApiTokenService tokens;

    @Autowired
    MeterRegistry meters;

    @Autowired
    PlatformTransactionManager transactions;

    @TempDir
    Path agentDir;

    private String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    private static HttpResponse<String> get(String url, String... headers) {
        try {
            var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
            for (int i = 0; i + 1 < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private String portalText() {
        refresher.refresh();
        var response = get(managementUrl() + "/actuator/prometheus");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private long revision(long groupId) {
        return Objects.requireNonNull(
                jdbc.queryForObject("select revision from gateway_group where id = ?", Long.class, groupId));
    }

    @Test
    void every_metric_the_dashboard_queries_is_in_a_scrape_of_the_portal_or_an_agent() throws Exception {
        var before = PrometheusScrape.parse(portalText());
        var network = fixture.network(ApprovalMode.MANUAL, 5);
        long group = fixture.group("127.0.0.1:51820", 51820, network);
        var member = fixture.member(group, "gw-" + fixture.suffix);
        try (var agent = InMemoryAgent.start(baseUrl(), member.token(), agentDir)) {
            var agentUrl = agent.serveMetrics();
            var device = fixture.enroll(network);
            fixture.approve(device.id());
            Eventually.await(
                    Duration.ofSeconds(30),
                    "the group's job delivered to its member",
                    () -> jdbc.queryForObject(
                            "select count(*) from gateway_job where group_id = ? and status = 'DONE' and members = 1",
                            Long.class,
                            group),
                    done -> done != null && done > 0);
            fixture.revoke(device.id());
            long target = revision(group);
            var agentText = Eventually.await(
                    Duration.ofSeconds(30),
                    "the agent at revision " + target + " with its interface read",
                    () -> get(agentUrl).body(),
                    text -> {
                        var scrape = PrometheusScrape.parse(text);
                        return scrape.names().contains("tunnelgate_agent_peers")
                                && scrape.value("tunnelgate_agent_applied_revision") == target;
                    });
            // A failed sign-in (a callback nobody started) and an agent request with a made-up credential.
            new WebWalker().get(baseUrl() + "/login/oauth2/code/sso?code=x&state=forged&error=%3Cscript%3E");
            get(baseUrl() + "/api/agent/v1/state?wait=0", "Authorization", "Bearer gw9.not-a-credential");
            var ids = new String[] {"group", String.valueOf(group), "member", String.valueOf(member.memberId())};
            var portalText = Eventually.await(
                    Duration.ofSeconds(30),
                    "member " + member.memberId() + " at revision " + target + ", both changes delivered",
                    this::portalText,
                    text -> {
                        var scrape = PrometheusScrape.parse(text);
                        return scrape.find("tunnelgate_gateway_member_revisions_behind", ids).stream()
                                        .anyMatch(sample -> sample.value() == 0)
                                && scrape.find("tunnelgate_gateway_delivery_seconds_count", "group", ids[1]).stream()
                                        .anyMatch(sample -> sample.value() >= 2);
                    });
            var portal = PrometheusScrape.parse(portalText);
            var agentScrape = PrometheusScrape.parse(agentText);

            var queried = DashboardQueries.metricNames(DASHBOARD);
            var scraped = new TreeSet<>(portal.names());
            scraped.addAll(agentScrape.names());
            assertThat(queried).isNotEmpty();
            assertThat(scraped).containsAll(queried);

            assertThat(portal.value("tunnelgate_gateway_member_online", ids)).isEqualTo(1);
            assertThat(portal.value("tunnelgate_gateway_member_handshaking_peers", ids))
                    .isZero();
            assertThat(portal.value("tunnelgate_gateway_delivery_seconds_bucket", "group", ids[1], "le", "+Inf"))
                    .isGreaterThanOrEqualTo(2);
            assertThat(portal.value("tunnelgate_devices", "status", "revoked")).isPositive();
            assertThat(increase(before, portal, "tunnelgate_device_enrollments_total"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(increase(before, portal, "tunnelgate_device_revocations_total"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(increase(
                            before,
                            portal,
                            "tunnelgate_sign_in_failures_total",
                            "reason",
                            "authorization_request_not_found"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(increase(before, portal, "tunnelgate_agent_api_refusals_total", "reason", "credential"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(increase(before, portal, "tunnelgate_agent_api_requests_total", "endpoint", "state"))
                    .isGreaterThanOrEqualTo(2);
            assertThat(portal.find("tunnelgate_sign_in_failures_total"))
                    .extracting(sample -> sample.labels().get("reason"))
                    .doesNotContain("<script>")
                    .allMatch(reason -> reason.matches("[a-z_]{1,40}"));
            assertThat(agentScrape.value("tunnelgate_agent_desired_peers")).isZero();
            assertThat(agentScrape.value("tunnelgate_agent_polls_total", "outcome", "ok"))
                    .isPositive();
            // No label carries what people typed: group, member, network and device names all hold the suffix.
            assertThat(portalText).doesNotContain(fixture.suffix);
            assertThat(agentText).doesNotContain(fixture.suffix).doesNotContain(device.publicKey());
        }
    }

    @Test
    void enrollments_and_revocations_count_when_they_commit_and_not_when_they_roll_back() {
        var enrollments = meters.get("tunnelgate.device.enrollments").counter();
        var revocations = meters.get("tunnelgate.device.revocations").counter();
        long network = fixture.network(ApprovalMode.MANUAL, 5);
        var rolledBack = new TransactionTemplate(transactions);
        double enrolledBefore = enrollments.count();

        rolledBack.executeWithoutResult(status -> {
            fixture.enroll(network);
            status.setRollbackOnly();
        });
        assertThat(enrollments.count()).isEqualTo(enrolledBefore);
        var device = fixture.enroll(network);
        assertThat(enrollments.count()).isEqualTo(enrolledBefore + 1);

        double revokedBefore = revocations.count();
        rolledBack.executeWithoutResult(status -> {
            fixture.revoke(device.id());
            status.setRollbackOnly();
        });
        assertThat(revocations.count()).isEqualTo(revokedBefore);
        fixture.revoke(device.id());
        assertThat(revocations.count()).isEqualTo(revokedBefore + 1);
    }

    /** A counter's increase between two scrapes of the same portal (summed over the samples with these labels). */
    private static double increase(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
        double was =
                before.find(name, labels).stream().mapToDouble(s -> s.value()).sum();
        double is =
                after.find(name, labels).stream().mapToDouble(s -> s.value()).sum();
        return is - was;
    }

    private WebWalker signedIn(String username) {
        var walker = new WebWalker();
        var loginPage = walker.follow(baseUrl() + "/");
        var landing = walker.follow(WebWalker.location(walker.submitIdpLogin(loginPage, username, username)));
        assertThat(landing.statusCode()).isEqualTo(200);
        return walker;
    }

    @Test
    void the_portal_s_port_serves_the_metrics_to_nobody() {
        var path = "/actuator/prometheus";
        long group = fixture.group("127.0.0.1:51820", 51820, fixture.network(ApprovalMode.MANUAL, 1));
        var agentCredential = fixture.member(group, "gw-" + fixture.suffix).token();
        var adminToken = ApiClient.token(jdbc, tokens, fixture.admin, ApiTokenScope.READ_WRITE, Roles.ADMIN);

        var anonymous = get(baseUrl() + path);
        var employee = signedIn("bob").get(baseUrl() + path);
        var admin = signedIn("alice").get(baseUrl() + path);
        var agent = get(baseUrl() + path, "Authorization", "Bearer " + agentCredential);
        var token = get(baseUrl() + path, "Authorization", "Bearer " + adminToken);
        var agentApiPath = get(
                baseUrl() + "/api/agent/v1/../../../actuator/prometheus", "Authorization", "Bearer " + agentCredential);

        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(WebWalker.location(anonymous)).endsWith("/oauth2/authorization/sso");
        assertThat(employee.statusCode()).isEqualTo(404);
        assertThat(admin.statusCode()).isEqualTo(404);
        assertThat(agent.statusCode()).isEqualTo(302);
        assertThat(token.statusCode()).isEqualTo(302);
        assertThat(agentApiPath.statusCode()).isNotEqualTo(200);
        for (var response : List.of(anonymous, employee, admin, agent, token, agentApiPath)) {
            assertThat(response.body()).doesNotContain("tunnelgate_devices", "jvm_memory");
        }
    }

    @Test
    void the_management_port_serves_metrics_and_health_without_credentials_on_loopback_only() throws Exception {
        var metrics = get(managementUrl() + "/actuator/prometheus");
        var health = get(managementUrl() + "/actuator/health");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(metrics.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(PrometheusScrape.parse(metrics.body()).names()).contains("tunnelgate_devices");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"").doesNotContain("components");
        // Bound to 127.0.0.1 (management.server.address): not reachable at any other address of this host.
        var addresses = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .toList();
        for (var address : addresses) {
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, managementPort), 2000);
                throw new AssertionError("the management port answers on " + address);
            } catch (IOException refused) {
                // as it should
            }
        }
    }
}
