package dev.tunnelgate.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code tunnelgate agent} as its own process inside a gateway namespace, started the way an operator starts it
 * (token file 0600, a private key file, a state directory), for tests across packages.
 */
public final class AgentProcess implements AutoCloseable {
    private final WireGuardNetns gateway;
    private final String portalUrl;
    private final Path dir;
    private final String driftInterval;
    private final String reportInterval;
    private final List<String> extraOptions;
    private final Process process;

    private AgentProcess(
            WireGuardNetns gateway,
            String portalUrl,
            Path dir,
            String driftInterval,
            String reportInterval,
            List<String> extraOptions,
            Process process) {
        this.extraOptions = extraOptions;
        this.reportInterval = reportInterval;
        this.gateway = gateway;
        this.portalUrl = portalUrl;
        this.dir = dir;
        this.driftInterval = driftInterval;
        this.process = process;
    }

    /** Writes the token and key files into {@code dir} (owner-only) and starts the agent. */
    public static AgentProcess start(
            WireGuardNetns gateway, String portalUrl, String token, String privateKey, Path dir) throws IOException {
        return start(gateway, portalUrl, token, privateKey, dir, "1s", "2s");
    }

    /**
     * @param driftInterval  how often the agent reads the whole interface (a benchmark wants that rarely)
     * @param reportInterval how often it reports statistics of every peer
     */
    public static AgentProcess start(
            WireGuardNetns gateway,
            String portalUrl,
            String token,
            String privateKey,
            Path dir,
            String driftInterval,
            String reportInterval)
            throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        ownerOnly(dir.resolve("token"), token);
        ownerOnly(dir.resolve("private.key"), privateKey);
        return launch(gateway, portalUrl, dir, driftInterval, reportInterval, List.of());
    }

    /** As {@link #start(WireGuardNetns, String, String, String, Path)} with further options, e.g. {@code --vip}. */
    public static AgentProcess start(
            WireGuardNetns gateway,
            String portalUrl,
            String token,
            String privateKey,
            Path dir,
            List<String> extraOptions)
            throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        ownerOnly(dir.resolve("token"), token);
        ownerOnly(dir.resolve("private.key"), privateKey);
        return launch(gateway, portalUrl, dir, "1s", "2s", List.copyOf(extraOptions));
    }

    private static AgentProcess launch(
            WireGuardNetns gateway,
            String portalUrl,
            Path dir,
            String driftInterval,
            String reportInterval,
            List<String> extraOptions)
            throws IOException {
        var command = new ArrayList<>(gateway.prefix());
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.tunnelgate.Application",
                "agent",
                "--portal",
                portalUrl,
                "--token-file",
                dir.resolve("token").toString(),
                "--interface",
                gateway.interfaceName(),
                "--state-dir",
                dir.resolve("state").toString(),
                "--private-key",
                dir.resolve("private.key").toString(),
                "--drift-interval",
                driftInterval,
                "--report-interval",
                reportInterval,
                "--max-backoff",
                "2s"));
        command.addAll(extraOptions);
        var process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("agent.log").toFile()))
                .start();
        return new AgentProcess(gateway, portalUrl, dir, driftInterval, reportInterval, extraOptions, process);
    }

    /** A new agent process with the same files, e.g. after {@link #kill()}. */
    public AgentProcess restart() throws IOException {
        return launch(gateway, portalUrl, dir, driftInterval, reportInterval, extraOptions);
    }

    /** The agent's state directory ({@code --state-dir}), where {@code tunnelgate agent notify} writes the role. */
    public Path stateDir() {
        return dir.resolve("state");
    }

    /** SIGKILL: no shutdown hook runs, as in a power cut. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("agent.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static void ownerOnly(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content + "\n", StandardCharsets.US_ASCII);
    }
}
