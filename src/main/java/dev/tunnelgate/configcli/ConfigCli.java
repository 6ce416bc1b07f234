package dev.tunnelgate.configcli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code tunnelgate config diff|apply|export}: started by {@code Application.main} before anything of Spring is
 * loaded. Exit status: {@link #OK} done (for diff: nothing to change), {@link #CHANGES} diff found changes,
 * {@link #ERROR} anything went wrong (the command line, the files, the portal's refusal), with a message on stderr.
 */
public final class ConfigCli {
    static final int OK = 0;
    static final int ERROR = 1;
    static final int CHANGES = 2;

    /** As large as the portal takes. */
    static final int MAX_FILE_BYTES = 1024 * 1024;

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(120);

    private ConfigCli() {}

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs one command; what it prints goes to {@code out}, what went wrong to {@code err}. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.equals(List.of("--help")) || args.equals(List.of("-h")) || args.isEmpty()) {
            (args.isEmpty() ? err : out).println(CliOptions.USAGE);
            return args.isEmpty() ? ERROR : OK;
        }
        CliOptions options;
        try {
            options = CliOptions.parse(args);
        } catch (CliOptions.UsageException e) {
            err.println("tunnelgate config: " + e.getMessage());
            err.println(CliOptions.USAGE);
            return ERROR;
        }
        String token;
        byte[] file = new byte[0];
        try {
            token = TokenFile.read(options.tokenFile());
            var path = options.file();
            if (path != null) {
                file = readFile(path);
            }
        } catch (IOException e) {
            err.println("tunnelgate config: " + e.getMessage());
            return ERROR;
        }
        if (options.portal().getScheme().equals("http")
                && !isLoopback(options.portal().getHost())) {
            err.println("tunnelgate config: warning: --portal is plain http, the token crosses the network"
                    + " unencrypted");
        }
        var http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        try {
            var portal = new PortalApi(http, options.portal(), token, ANSWER_TIMEOUT);
            return switch (options.command()) {
                case EXPORT -> {
                    out.print(portal.export());
                    yield OK;
                }
                case DIFF -> {
                    var answer = portal.send("diff", file);
                    out.print(answer.text());
                    yield answer.changeCount() == 0 ? OK : CHANGES;
                }
                case APPLY -> {
                    out.print(portal.send("apply", file).text());
                    yield OK;
                }
            };
        } catch (PortalApi.Refused e) {
            err.println("tunnelgate config: " + e.getMessage());
            return ERROR;
        } catch (HttpConnectTimeoutException e) {
            err.println("tunnelgate config: cannot reach the portal at %s: no connection within %ds"
                    .formatted(options.portal(), CONNECT_TIMEOUT.toSeconds()));
            return ERROR;
        } catch (HttpTimeoutException e) {
            err.println("tunnelgate config: the portal at %s did not answer within %ds; with apply, compare again"
                            .formatted(options.portal(), ANSWER_TIMEOUT.toSeconds())
                    + " (diff) to see whether the changes were made");
            return ERROR;
        } catch (ConnectException | UnknownHostException e) {
            err.println("tunnelgate config: cannot reach the portal at %s: %s".formatted(options.portal(), reason(e)));
            return ERROR;
        } catch (IOException e) {
            err.println(
                    "tunnelgate config: talking to the portal at %s failed: %s".formatted(options.portal(), reason(e)));
            return ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("tunnelgate config: interrupted");
            return ERROR;
        } finally {
            http.shutdownNow();
        }
    }

    private static byte[] readFile(java.nio.file.Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IOException("the file " + path + " does not exist or is not a regular file");
        }
        if (!Files.isReadable(path)) {
            throw new IOException("the file " + path + " is not readable");
        }
        if (Files.size(path) > MAX_FILE_BYTES) {
            throw new IOException("the file " + path + " is larger than 1 MiB, the most the portal takes");
        }
        return Files.readAllBytes(path);
    }

    private static boolean isLoopback(String host) {
        var name = host.toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.startsWith("127.") || name.equals("[::1]")) {
            return true;
        }
        try {
            // A literal address only; no name is looked up for a warning.
            return name.matches("[0-9.]+") && InetAddress.getByName(name).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String reason(Exception e) {
        var message = e.getMessage();
        var text = message == null || message.isBlank()
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + message;
        return CliOptions.printable(text.length() > 200 ? text.substring(0, 200) : text);
    }
}
