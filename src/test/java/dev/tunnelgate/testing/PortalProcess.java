package dev.tunnelgate.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged portal jar, started as its own process (as an operator runs it). Separate
 * processes, not a second context in the test JVM: Vaadin and Spring Security keep JVM-wide state.
 */
public final class PortalProcess implements AutoCloseable {
    private final Process process;
    public final int port;
    public final Path log;

    private PortalProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static PortalProcess start(String name, Map<String, String> settings)
            throws IOException, InterruptedException {
        return start(name, freePort(), "target/portal-" + name + "-secret.key", settings);
    }

    /**
     * A portal on a given port (so a restarted one is found at the same address) with a given secrets key file
     * (the test JVM's, when both portals share one PostgreSQL database and must open each other's secrets).
     */
    public static PortalProcess start(String name, int port, String keyFile, Map<String, String> settings)
            throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(
                javaExecutable(),
                "-Xmx384m",
                "-jar",
                packagedJar().toString(),
                "--server.port=" + port,
                "--tunnelgate.secrets.key-file=" + keyFile));
        var postgres = TestDatabase.postgresUrl();
        if (postgres != null) {
            command.add("--spring.datasource.url=" + postgres);
            command.add("--spring.datasource.username=" + TestDatabase.postgresUser());
            command.add("--spring.datasource.password=" + TestDatabase.postgresPassword());
        } else {
            command.add("--spring.datasource.url=jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        }
        settings.forEach((key, value) -> command.add("--" + key + "=" + value));
        var log = Path.of("target", "portal-" + name + ".log");
        var process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        var portal = new PortalProcess(process, port, log);
        // Generous: on a busy 2-core machine a start can take minutes (-Dtunnelgate.test.portal-start-seconds=…).
        portal.awaitReady(Duration.ofSeconds(Long.getLong("tunnelgate.test.portal-start-seconds", 180)));
        return portal;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        var client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        var deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Portal exited with " + process.exitValue() + "; see " + log);
            }
            try {
                var response = client.send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + "/login-error"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 401) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("Portal did not start within " + timeout + "; see " + log);
    }

    private static Path packagedJar() throws IOException {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("tunnelgate-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().endsWith(".original"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No packaged jar in target/: run `./mvnw verify`"));
        }
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** SIGKILL: no shutdown hook, no graceful stop, as when the machine loses power. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
