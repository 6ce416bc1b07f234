package dev.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line: every mistake is refused with a reason and exit code 2, before anything is started. */
class AgentMainTest {
    @TempDir
    Path dir;

    Path token;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void writeToken() throws IOException {
        token = dir.resolve("token");
        Files.writeString(token, "gw1.secret\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
    }

    int run(String... args) {
        return AgentMain.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    List<String> valid(String... more) {
        var args = new ArrayList<>(List.of(
                "--portal",
                "https://vpn.example.com",
                "--token-file",
                token.toString(),
                "--interface",
                "wg0",
                "--state-dir",
                dir.resolve("state").toString()));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void defaults_fill_in_what_is_not_given() throws Exception {
        var options = AgentOptions.parse(
                List.of("--portal", "https://vpn.example.com/", "--token-file", "/etc/t", "--interface", "wg0"));

        assertThat(options.portal()).hasToString("https://vpn.example.com");
        assertThat(options.stateDir()).isEqualTo(Path.of("/var/lib/tunnelgate-agent"));
        assertThat(options.privateKeyFile()).isEqualTo(Path.of("/var/lib/tunnelgate-agent/private.key"));
        assertThat(options.driftInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.reportInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.firewall()).isEqualTo(AgentOptions.FirewallMode.NFT);
    }

    @Test
    void the_firewall_is_nft_or_explicitly_none() throws Exception {
        var base = List.of("--portal", "https://vpn.example.com", "--token-file", "/t", "--interface", "wg0");
        var none = new java.util.ArrayList<>(base);
        none.add("--firewall=none");
        assertThat(AgentOptions.parse(none).firewall()).isEqualTo(AgentOptions.FirewallMode.NONE);

        var wrong = new java.util.ArrayList<>(base);
        wrong.add("--firewall=iptables");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AgentOptions.parse(wrong))
                .isInstanceOf(AgentOptions.UsageException.class)
                .hasMessage("--firewall must be nft or none");
    }

    @Test
    void every_option_can_be_given_with_a_space_or_an_equals_sign() throws Exception {
        var options = AgentOptions.parse(List.of(
                "--portal=http://portal:8080/tunnelgate//",
                "--token-file",
                "/t",
                "--interface=wg1",
                "--state-dir=/srv/agent",
                "--drift-interval",
                "5m",
                "--report-interval=2s"));

        assertThat(options.portal()).hasToString("http://portal:8080/tunnelgate");
        assertThat(options.interfaceName()).isEqualTo("wg1");
        assertThat(options.privateKeyFile()).isEqualTo(Path.of("/srv/agent/private.key"));
        assertThat(options.driftInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(options.reportInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void metrics_are_served_only_when_asked_for_on_an_ip_address_and_port() throws Exception {
        var base = List.of("--portal", "https://vpn.example.com", "--token-file", "/t", "--interface", "wg0");
        assertThat(AgentOptions.parse(base).metricsListen()).isNull();

        assertThat(AgentOptions.metricsListen("127.0.0.1:9586"))
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9586));
        assertThat(AgentOptions.metricsListen("0.0.0.0:9586").getAddress().isAnyLocalAddress())
                .isTrue();
        assertThat(AgentOptions.metricsListen("[::1]:9586"))
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("::1"), 9586));
        assertThat(AgentOptions.metricsListen("[::]:65535").getAddress().isAnyLocalAddress())
                .isTrue();
        assertThat(AgentOptions.metricsListen("192.0.2.10:1"))
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.10"), 1));
        var withMetrics = new ArrayList<>(base);
        withMetrics.addAll(List.of("--metrics-listen", "127.0.0.1:9586"));
        assertThat(AgentOptions.parse(withMetrics).metricsListen()).hasToString("/127.0.0.1:9586");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "9586|must be an IP address and a port",
                "localhost:9586|must be an IP address and a port",
                "127.0.0.1|must be an IP address and a port",
                "127.0.0.1:|must be an IP address and a port",
                ":9586|must be an IP address and a port",
                "::1:9586|must be an IP address and a port",
                "[::1%eth0]:9586|must be an IP address and a port",
                "127.0.0.1:9586/metrics|must be an IP address and a port",
                "127.0.0.1:9586\n|must be an IP address and a port",
                "http://127.0.0.1:9586|must be an IP address and a port",
                "127.0.0.1:0|the port must be between 1 and 65535",
                "127.0.0.1:65536|the port must be between 1 and 65535",
                "256.0.0.1:9586|256.0.0.1 is not an IP address",
                "1.2.3:9586|1.2.3 is not an IP address",
                "010.0.0.1:9586|010.0.0.1 is not an IP address",
                "[127.0.0.1]:9586|127.0.0.1 is not an IP address (IPv6 in brackets)",
                "[1::2::3]:9586|is not an IP address",
            })
    void a_metrics_address_that_is_not_an_ip_address_and_port_is_refused(String caseAndMessage) {
        String[] parts = caseAndMessage.split("\\|");

        assertThat(run(valid("--metrics-listen=" + parts[0].replace("\\n", "\n"))
                        .toArray(String[]::new)))
                .isEqualTo(2);

        assertThat(stderr()).contains("--metrics-listen").contains(parts[1]);
        assertThat(Files.exists(dir.resolve("state"))).isFalse();
    }

    @Test
    void help_prints_the_usage_and_succeeds() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: tunnelgate agent --portal URL");
    }

    @Test
    void version_prints_a_version_a_report_accepts() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).strip()).matches("[A-Za-z0-9._+-]{1,40}");
        assertThat(AgentVersion.orUnpackaged("1.0 beta")).isEqualTo(AgentVersion.UNPACKAGED);
        assertThat(AgentVersion.orUnpackaged("0.1.0-SNAPSHOT")).isEqualTo("0.1.0-SNAPSHOT");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "--verbose|unknown option '--verbose'",
                "wg0|unknown option 'wg0'",
                "--portal=https://other.example.com|--portal is given twice",
                "--drift-interval|--drift-interval needs a value",
                "--drift-interval=500ms|between 1s and 24h",
                "--drift-interval=25h|between 1s and 24h",
                "--report-interval=30|whole number with ms, s, m or h",
                "--report-interval=-5s|whole number with ms, s, m or h",
                "--report-interval=1.5s|whole number with ms, s, m or h",
                "--private-key=|--private-key is not a usable path",
            })
    void a_wrong_option_is_refused_with_its_reason_and_the_usage(String caseAndMessage) {
        String[] parts = caseAndMessage.split("\\|");
        var args = valid(parts[0]);

        assertThat(run(args.toArray(String[]::new))).isEqualTo(2);

        assertThat(stderr()).contains(parts[1]).contains("usage: tunnelgate agent");
        assertThat(Files.exists(dir.resolve("state"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://vpn.example.com|http or https",
                "vpn.example.com|http or https",
                "http:///api|must name a host",
                "https://user:password@vpn.example.com|must not carry a user",
                "https://vpn.example.com/?x=1|must not carry a user, a query",
                "https://vpn example.com|not a URL",
            })
    void a_portal_that_is_not_an_http_url_with_a_host_is_refused(String caseAndMessage) {
        String[] parts = caseAndMessage.split("\\|");

        assertThat(run("--portal", parts[0], "--token-file", token.toString(), "--interface", "wg0"))
                .isEqualTo(2);

        assertThat(stderr()).contains(parts[1]).doesNotContain("password");
    }

    @Test
    void missing_required_options_are_named() {
        assertThat(run("--portal", "https://vpn.example.com", "--interface", "wg0"))
                .isEqualTo(2);
        assertThat(stderr()).contains("--token-file is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-wg0", "wg0/x", "an-interface-name-too-long", "wg 0"})
    void an_interface_name_wg_would_not_take_is_refused(String name) {
        assertThat(run("--portal", "https://vpn.example.com", "--token-file", token.toString(), "--interface", name))
                .isEqualTo(2);
        assertThat(stderr()).contains("--interface: not a usable interface name");
    }

    @Test
    void a_token_file_others_can_read_is_refused_before_anything_starts() throws IOException {
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(run(valid().toArray(String[]::new))).isEqualTo(2);

        assertThat(stderr()).contains("must be readable by its owner only").doesNotContain("gw1.secret");
        assertThat(Files.exists(dir.resolve("state"))).isFalse();
    }
}
