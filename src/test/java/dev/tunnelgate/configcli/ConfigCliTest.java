package dev.tunnelgate.configcli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line against a stand-in portal: arguments, files, exit codes and what it prints. */
class ConfigCliTest {
    @TempDir
    Path dir;

    Path file;
    Path token;
    HttpServer server;
    final AtomicReference<String> seenAuthorization = new AtomicReference<>();
    final AtomicReference<String> seenBody = new AtomicReference<>();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** What the stand-in portal answers next. */
    int status = 200;

    String contentType = "application/json";
    String answer = "{\"changeCount\":0,\"text\":\"No changes: the portal matches the file.\\n\"}";
    List<String> headers = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        file = Files.writeString(dir.resolve("tunnelgate.yaml"), "schemaVersion: 1\n");
        token = ownerOnly(dir.resolve("token"), "tgp1.1.secret\n");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seenAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            seenBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            var bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            for (int i = 0; i + 1 < headers.size(); i += 2) {
                exchange.getResponseHeaders().add(headers.get(i), headers.get(i + 1));
            }
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    private Path ownerOnly(Path path, String content) throws IOException {
        Files.writeString(path, content);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        return path;
    }

    private String portal() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private int run(String... args) {
        return ConfigCli.run(
                List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void diff_sends_the_file_with_the_token_and_says_by_its_exit_status_whether_changes_are_pending() {
        assertThat(run("diff", file.toString(), "--portal", portal() + "/", "--token-file", token.toString()))
                .isEqualTo(ConfigCli.OK);
        assertThat(out()).isEqualTo("No changes: the portal matches the file.\n");
        assertThat(seenAuthorization.get()).isEqualTo("Bearer tgp1.1.secret");
        assertThat(seenBody.get()).isEqualTo("schemaVersion: 1\n");

        answer = "{\"changeCount\":1,\"text\":\"~ update network \\\"Lab\\\"\\n    mtu: 1420 -> 1380\\n\"}";
        assertThat(run("diff", file.toString(), "--portal=" + portal(), "--token-file=" + token))
                .isEqualTo(ConfigCli.CHANGES);
        assertThat(run("apply", file.toString(), "--portal", portal(), "--token-file", token.toString()))
                .isEqualTo(ConfigCli.OK);
        assertThat(out()).contains("mtu: 1420 -> 1380");
    }

    @Test
    void the_portal_text_reaches_the_terminal_without_control_characters() {
        answer = "{\"changeCount\":1,\"text\":\"evil \\u001b[2J name\\n\"}";
        assertThat(run("diff", file.toString(), "--portal", portal(), "--token-file", token.toString()))
                .isEqualTo(ConfigCli.CHANGES);
        assertThat(out()).isEqualTo("evil ?[2J name\n");
    }

    @Test
    void refusals_of_the_portal_are_errors_with_its_problem_detail() {
        status = 400;
        contentType = "application/problem+json";
        answer = "{\"type\":\"urn:tunnelgate:problem:invalid-input\",\"status\":400,"
                + "\"detail\":\"networks[0].mtu: MTU must be between 1280 and 9000\",\"field\":\"networks[0].mtu\"}";
        assertThat(run("apply", file.toString(), "--portal", portal(), "--token-file", token.toString()))
                .isEqualTo(ConfigCli.ERROR);
        assertThat(err()).contains("refused the request (400): networks[0].mtu: MTU must be between 1280 and 9000");

        status = 401;
        answer = "{\"detail\":\"A valid API token is required\"}";
        err.reset();
        assertThat(run("diff", file.toString(), "--portal", portal(), "--token-file", token.toString()))
                .isEqualTo(ConfigCli.ERROR);
        assertThat(err()).contains("did not accept the token (401)", "expired or revoked");
    }

    @Test
    void answers_that_are_not_the_portals_are_errors() {
        status = 502;
        contentType = "text/html";
        answer = "<html>Bad gateway</html>";
        assertThat(run("diff", file.toString(), "--portal", portal(), "--token-file", token.toString()))
                .isEqualTo(ConfigCli.ERROR);
        assertThat(err()).contains("(502)", "is --portal right?").doesNotContain("<html>");

        status = 200;
        err.reset();
        assertThat(run("diff", file.toString(), "--portal", portal(), "--token-file", token.toString()))
                .isEqualTo(ConfigCli.ERROR);
        assertThat(err()).contains("not what the portal sends");

        status = 302;
        headers = List.of("Location", "https://sso.example.com/login");
        err.reset();
        assertThat(run("diff", file.toString(), "--portal", portal(), "--token-file", token.toString()))
                .isEqualTo(ConfigCli.ERROR);
        assertThat(err()).contains("redirect (302) to https://sso.example.com/login");
    }

    @Test
    void an_unreachable_portal_is_an_error_naming_it() throws IOException {
        int closed;
        try (var socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertThat(run(
                        "diff",
                        file.toString(),
                        "--portal",
                        "http://127.0.0.1:" + closed,
                        "--token-file",
                        token.toString()))
                .isEqualTo(ConfigCli.ERROR);
        assertThat(err()).contains("cannot reach the portal at http://127.0.0.1:" + closed);
    }

    @Test
    void export_prints_the_yaml_as_the_portal_sends_it() {
        contentType = "application/yaml";
        answer = "schemaVersion: 1\nnetworks: []\n";
        assertThat(run("export", "--portal", portal(), "--token-file", token.toString()))
                .isEqualTo(ConfigCli.OK);
        assertThat(out()).isEqualTo(answer);
    }

    @Test
    void wrong_command_lines_are_refused_with_the_usage_before_anything_is_sent() throws IOException {
        var cases = List.of(
                List.of("diff", "--portal", portal(), "--token-file", token.toString()),
                List.of("deploy", file.toString(), "--portal", portal(), "--token-file", token.toString()),
                List.of("diff", file.toString(), "--token-file", token.toString()),
                List.of("diff", file.toString(), "--portal", portal()),
                List.of("diff", file.toString(), "--portal", "ftp://host", "--token-file", token.toString()),
                List.of("diff", file.toString(), "--portal", "http://user:pw@host", "--token-file", token.toString()),
                List.of("diff", file.toString(), "--portal", "not a url", "--token-file", token.toString()),
                List.of("diff", file.toString(), "--portal", portal(), "--token", "tgp1.1.secret"),
                List.of("diff", file.toString(), "other", "--portal", portal(), "--token-file", token.toString()),
                List.of("export", file.toString(), "--portal", portal(), "--token-file", token.toString()),
                List.of());
        for (var args : cases) {
            err.reset();
            assertThat(run(args.toArray(String[]::new))).as(args.toString()).isEqualTo(ConfigCli.ERROR);
            assertThat(err()).as(args.toString()).contains("usage: tunnelgate config");
            assertThat(err()).as(args.toString()).doesNotContain("tgp1.1.secret");
        }
        assertThat(seenBody.get()).isNull();
    }

    @Test
    void missing_files_and_unsafe_token_files_are_refused_before_anything_is_sent() throws IOException {
        var missing = dir.resolve("missing.yaml").toString();
        assertThat(run("diff", missing, "--portal", portal(), "--token-file", token.toString()))
                .isEqualTo(ConfigCli.ERROR);
        assertThat(err()).contains("missing.yaml does not exist");

        var readable = dir.resolve("shared-token");
        Files.writeString(readable, "tgp1.1.secret\n");
        Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rw-r--r--"));
        err.reset();
        assertThat(run("diff", file.toString(), "--portal", portal(), "--token-file", readable.toString()))
                .isEqualTo(ConfigCli.ERROR);
        assertThat(err()).contains("readable by its owner only (chmod 600)");

        var twoLines = ownerOnly(dir.resolve("two-lines"), "tgp1.1.secret\nmore\n");
        err.reset();
        assertThat(run("diff", file.toString(), "--portal", portal(), "--token-file", twoLines.toString()))
                .isEqualTo(ConfigCli.ERROR);
        assertThat(err()).contains("exactly one line").doesNotContain("secret");

        err.reset();
        assertThat(run(
                        "diff",
                        file.toString(),
                        "--portal",
                        portal(),
                        "--token-file",
                        dir.resolve("none").toString()))
                .isEqualTo(ConfigCli.ERROR);
        assertThat(err()).contains("token file", "does not exist");

        var big = dir.resolve("big.yaml");
        Files.write(big, new byte[ConfigCli.MAX_FILE_BYTES + 1]);
        err.reset();
        assertThat(run("diff", big.toString(), "--portal", portal(), "--token-file", token.toString()))
                .isEqualTo(ConfigCli.ERROR);
        assertThat(err()).contains("larger than 1 MiB");
        assertThat(seenBody.get()).isNull();
    }

    @Test
    void help_prints_the_usage() {
        assertThat(run("--help")).isEqualTo(ConfigCli.OK);
        assertThat(out()).contains("exit status: 0 done (diff: no changes), 2 diff found changes to apply, 1 error");
    }
}
