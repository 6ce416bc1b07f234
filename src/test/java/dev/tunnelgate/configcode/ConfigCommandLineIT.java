package dev.tunnelgate.configcode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.apitokens.ApiTokenScope;
import dev.tunnelgate.apitokens.ApiTokenService;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.testing.ApiClient;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestUsers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code tunnelgate config …} as a pipeline runs it: a process of its own (the application's main class, as
 * {@code java -jar} starts it) against the running portal, with the token in a file.
 */
class ConfigCommandLineIT extends PortalIntegrationTest {
    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApiTokenService tokens;

    @TempDir
    Path dir;

    String suffix = UUID.randomUUID().toString().substring(0, 8);
    Path file;
    Path adminToken;
    Path readOnlyToken;

    /** What one run printed, and its exit status. */
    record Run(int status, String out, String err) {}

    @BeforeEach
    void setUp() throws IOException {
        var admin = TestUsers.insert(jdbc, "Pipeline");
        adminToken =
                ownerOnly("admin-token", ApiClient.token(jdbc, tokens, admin, ApiTokenScope.READ_WRITE, Roles.ADMIN));
        readOnlyToken = ownerOnly(
                "read-only-token", ApiClient.token(jdbc, tokens, admin, ApiTokenScope.READ_ONLY, Roles.ADMIN));
        file = Files.writeString(dir.resolve("tunnelgate.yaml"), """
                schemaVersion: 1
                networks:
                  - name: cli-%1$s
                    ipv4Pool: 10.77.0.0/16
                    allowedIps: [10.77.0.0/16]
                    endpoint: cli-%1$s.example.com:51820
                destinations:
                  - name: cli-%1$s-dns
                    prefixes: [10.77.0.53/32]
                    protocol: UDP
                    ports: [53]
                """.formatted(suffix));
    }

    @AfterEach
    void cleanUp() {
        jdbc.update("delete from destination where name like ?", "cli-" + suffix + "%");
    }

    private Path ownerOnly(String name, String content) throws IOException {
        var path = dir.resolve(name);
        Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(path, content + "\n");
        return path;
    }

    private Run config(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx64m");
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.tunnelgate.Application", "config"));
        command.addAll(List.of(args));
        var out = dir.resolve("out-" + UUID.randomUUID());
        var err = dir.resolve("err-" + UUID.randomUUID());
        var process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("tunnelgate config did not end within 60 s");
        }
        return new Run(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private Run config(String... args) throws IOException, InterruptedException {
        return config(List.of(), args);
    }

    @Test
    void a_pipeline_compares_applies_and_exports_with_exit_statuses_it_can_branch_on() throws Exception {
        var portal = baseUrl();
        var classes = dir.resolve("classes.log");

        var pending = config(
                List.of("-Xlog:class+load=info:file=" + classes),
                "diff",
                file.toString(),
                "--portal",
                portal,
                "--token-file",
                readOnlyToken.toString());
        assertThat(pending.status()).as(pending.err()).isEqualTo(2);
        assertThat(pending.out()).contains("+ create network \"cli-" + suffix + "\"", "2 changes to apply");
        // No Spring and no Vaadin were loaded on the way.
        assertThat(Files.readAllLines(classes))
                .isNotEmpty()
                .noneMatch(line -> line.contains("org.springframework.") || line.contains("com.vaadin."));

        var refused = config("apply", file.toString(), "--portal", portal, "--token-file", readOnlyToken.toString());
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("not allowed (403)", "read-only");

        var applied = config("apply", file.toString(), "--portal", portal, "--token-file", adminToken.toString());
        assertThat(applied.status()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("2 changes applied");

        var clean = config("diff", file.toString(), "--portal", portal, "--token-file", readOnlyToken.toString());
        assertThat(clean.status()).as(clean.err()).isZero();
        assertThat(clean.out()).contains("No changes");

        var export = config("export", "--portal", portal, "--token-file", readOnlyToken.toString());
        assertThat(export.status()).isZero();
        assertThat(export.out()).startsWith("# Tunnelgate configuration").contains("name: cli-" + suffix);
    }

    @Test
    void refusals_are_errors_with_the_portals_reason() throws Exception {
        var portal = baseUrl();
        Files.writeString(file, "schemaVersion: 1\nnetworks:\n  - name: cli-%s\n    mtu: 1\n".formatted(suffix));
        var invalid = config("diff", file.toString(), "--portal", portal, "--token-file", adminToken.toString());
        assertThat(invalid.status()).isEqualTo(1);
        assertThat(invalid.err()).contains("(400)", "networks[0].");

        var wrong = ownerOnly("wrong-token", "tgp1.999999.nonsense");
        var unauthorized = config("diff", file.toString(), "--portal", portal, "--token-file", wrong.toString());
        assertThat(unauthorized.status()).isEqualTo(1);
        assertThat(unauthorized.err()).contains("did not accept the token (401)");

        var usage = config("diff", file.toString(), "--portal", portal, "--token", "tgp1.1.x");
        assertThat(usage.status()).isEqualTo(1);
        assertThat(usage.err()).contains("never given on the command line", "usage: tunnelgate config");
        assertThat(jdbc.queryForObject("select count(*) from network where name = ?", Long.class, "cli-" + suffix))
                .isZero();
    }
}
