package dev.tunnelgate.agent;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Runs external commands from argument vectors (never a shell), with a deadline, optionally behind a
 * prefix such as {@code ip netns exec <ns>}.
 */
final class ProcessRunner {
    /** Enough of stderr to diagnose, bounded so a chatty tool cannot flood a log line or a job's last error. */
    static final int MAX_MESSAGE = 400;
    /** Output beyond this is a bug or an attack; a 10k-peer dump is about 1.5 MB. */
    private static final int MAX_OUTPUT = 64 * 1024 * 1024;

    private static final Pattern KEY_SHAPED = Pattern.compile("[A-Za-z0-9+/]{43}=");
    /**
     * Threads of their own for draining a child's output: a daemonizing child (wireguard-go started with
     * LOG_LEVEL) can hold a pipe open for good, and on the common pool each such drain would take a worker away.
     */
    private static final Executor DRAINERS = Executors.newCachedThreadPool(task -> {
        var thread = new Thread(task, "tunnelgate-agent-output");
        thread.setDaemon(true);
        return thread;
    });

    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "Result[exitCode=" + exitCode + ", stderr=" + stderr + "]";
        }
    }

    private final List<String> prefix;
    private final Duration timeout;

    ProcessRunner(List<String> prefix, Duration timeout) {
        this.prefix = List.copyOf(prefix);
        this.timeout = timeout;
    }

    List<String> argv(List<String> command) {
        var argv = new ArrayList<String>(prefix.size() + command.size());
        argv.addAll(prefix);
        argv.addAll(command);
        return argv;
    }

    /** Runs the command and fails with a sanitized message unless it exits with 0. */
    String run(List<String> command, byte @Nullable [] stdin) throws IOException {
        Result result = execute(command, stdin);
        if (result.exitCode() != 0) {
            throw new IOException(String.format(
                    Locale.ROOT,
                    "%s exited with %d: %s",
                    describe(command),
                    result.exitCode(),
                    sanitize(result.stderr())));
        }
        return result.stdout();
    }

    Result execute(List<String> command, byte @Nullable [] stdin) throws IOException {
        var builder = new ProcessBuilder(argv(command));
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process process = builder.start();
        // Both streams are drained concurrently so a full pipe can never stall the child.
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()), DRAINERS);
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()), DRAINERS);
        try {
            if (stdin != null) {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(stdin);
                } catch (IOException e) {
                    // The child closed its stdin early (it failed); its exit code and stderr say why.
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new IOException(describe(command) + " did not finish within " + timeout);
            }
            // A daemonizing child (wireguard-go) may keep our pipes open; don't wait for it past the deadline.
            long graceMillis = Math.min(timeout.toMillis(), 2000);
            return new Result(process.exitValue(), text(out, graceMillis), text(err, graceMillis));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new IOException(describe(command) + " was interrupted", e);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String text(CompletableFuture<byte[]> stream, long graceMillis) throws InterruptedException {
        try {
            return new String(stream.get(graceMillis, TimeUnit.MILLISECONDS), StandardCharsets.UTF_8);
        } catch (TimeoutException | ExecutionException e) {
            return "";
        }
    }

    private static byte[] drain(InputStream stream) {
        try (stream) {
            var buffer = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            for (int n; (n = stream.read(chunk)) != -1; ) {
                if (buffer.size() + n > MAX_OUTPUT) {
                    throw new IOException("output exceeds " + MAX_OUTPUT + " bytes");
                }
                buffer.write(chunk, 0, n);
            }
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command for messages: program and subcommand only, since later arguments may be peer lists. */
    static String describe(List<String> command) {
        return "`" + String.join(" ", command.subList(0, Math.min(command.size(), 2))) + "`";
    }

    /**
     * Makes tool output safe for one log line or an error shown in the UI: no control characters (no
     * forged lines), key-shaped tokens redacted (wg echoes bad key files), bounded length.
     */
    static String sanitize(String stderr) {
        String redacted = KEY_SHAPED.matcher(stderr).replaceAll("<key>");
        var out = new StringBuilder();
        for (int i = 0; i < redacted.length() && out.length() < MAX_MESSAGE; i++) {
            char c = redacted.charAt(i);
            out.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? ' ' : c);
        }
        String text = out.toString().strip().replaceAll(" {2,}", " ");
        return redacted.length() > MAX_MESSAGE ? text + "…" : text;
    }
}
