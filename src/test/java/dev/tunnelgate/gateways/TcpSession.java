package dev.tunnelgate.gateways;

import dev.tunnelgate.agent.WireGuardNetns;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One open TCP connection from inside a namespace to an echo service ({@code socat} with its standard streams
 * piped here), to show what happens to a connection that already exists when access changes.
 */
final class TcpSession implements AutoCloseable {
    private final Process process;
    private final OutputStream out;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private int sent;

    private TcpSession(Process process) {
        this.process = process;
        this.out = process.getOutputStream();
        var reader = new Thread(
                () -> {
                    try (var in = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
                        for (String line = in.readLine(); line != null; line = in.readLine()) {
                            lines.add(line);
                        }
                    } catch (IOException e) {
                        // the process ended
                    }
                },
                "tcp-session-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static TcpSession open(WireGuardNetns from, String address, int port) throws IOException {
        var command = new ArrayList<>(from.prefix());
        command.addAll(List.of("socat", "-", "TCP:" + address + ":" + port + ",connect-timeout=5"));
        return new TcpSession(new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start());
    }

    /** Sends a numbered line; true when its echo arrives within {@code wait} (earlier, late echoes are skipped). */
    boolean echoes(String text, Duration wait) {
        String line = text + "-" + (++sent);
        try {
            out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long deadline = System.nanoTime() + wait.toNanos();
            for (long left = wait.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                String echoed = lines.poll(left, TimeUnit.NANOSECONDS);
                if (line.equals(echoed)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
