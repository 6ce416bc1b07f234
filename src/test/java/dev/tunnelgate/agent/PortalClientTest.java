package dev.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.tunnelgate.protocol.StatusReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's limits against a raw socket on 127.0.0.1 that answers as badly as a broken portal or proxy can. */
class PortalClientTest {
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final CountDownLatch release = new CountDownLatch(1);
    private ServerSocket server;

    @AfterEach
    void close() throws IOException {
        release.countDown();
        http.close();
        if (server != null) {
            server.close();
        }
    }

    /** Answers every connection with {@code head} and {@code body}, then keeps the connection open and silent. */
    private PortalClient portalThatSends(String head, byte[] body) throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread.ofVirtual().start(() -> answer(socket, head, body));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return new PortalClient(
                http,
                URI.create("http://127.0.0.1:" + server.getLocalPort()),
                () -> "gw1.token",
                "test",
                Duration.ofSeconds(1));
    }

    private void answer(Socket socket, String head, byte[] body) {
        try (socket;
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream()) {
            readHeaders(in);
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            release.await();
        } catch (IOException | InterruptedException e) {
            // the client gave up: what the tests want
        }
    }

    private static void readHeaders(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
    }

    @Test
    void a_state_body_that_stops_halfway_fails_at_the_deadline_instead_of_stalling_the_agent() throws IOException {
        var client = portalThatSends(
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n",
                "tunnelgate-agent 1\n".getBytes(StandardCharsets.US_ASCII));

        assertTimeoutPreemptively(
                Duration.ofSeconds(20),
                () -> assertThatThrownBy(() -> client.poll(5, 1))
                        .isInstanceOf(HttpTimeoutException.class)
                        .hasMessageContaining("no complete answer within 2 s"));
    }

    @Test
    void an_error_body_that_stops_halfway_fails_a_report_at_its_deadline() throws IOException {
        var client = portalThatSends(
                "HTTP/1.1 500 Oops\r\nContent-Length: 100000\r\n\r\n", "partial".getBytes(StandardCharsets.US_ASCII));

        assertTimeoutPreemptively(
                PortalClient.REPORT_TIMEOUT.plusSeconds(10),
                () -> assertThatThrownBy(() -> client.report(
                                new StatusReport("test", AgentLoopTest.SELF, 1, null, List.of(), List.of(), List.of())))
                        .isInstanceOf(HttpTimeoutException.class));
    }

    @Test
    void a_chunked_state_larger_than_the_limit_is_refused_without_reading_it_all() throws IOException {
        byte[] chunk = ("100000\r\n" + "x".repeat(0x100000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[chunk.length * 40];
        for (int i = 0; i < 40; i++) {
            System.arraycopy(chunk, 0, body, i * chunk.length, chunk.length);
        }
        var client = portalThatSends("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", body);

        // A long wait, so the deadline (wait + grace) does not fire first on a busy machine.
        assertThatThrownBy(() -> client.poll(5, 20))
                .isInstanceOf(PortalClient.InvalidAnswer.class)
                .hasMessageContaining("larger than " + PortalClient.MAX_BODY + " bytes");
    }

    @Test
    void a_long_error_body_is_cut_and_made_one_line() throws IOException {
        String text = "line one\nline two " + "y".repeat(10_000);
        var client = portalThatSends(
                "HTTP/1.1 409 Conflict\r\nContent-Length: " + text.length() + "\r\n\r\n",
                text.getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> client.poll(5, 1)).isInstanceOfSatisfying(PortalClient.Refused.class, refused -> {
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.getMessage())
                    .startsWith("the portal answered 409: line one")
                    .doesNotContain("\n")
                    .hasSizeLessThan(260);
        });
    }

    @Test
    void without_a_usable_credential_nothing_is_sent() throws IOException {
        portalThatSends("HTTP/1.1 204 No Content\r\n\r\n", new byte[0]);
        var client = new PortalClient(
                http,
                URI.create("http://127.0.0.1:" + server.getLocalPort()),
                () -> null,
                "test",
                Duration.ofSeconds(1));

        assertThatThrownBy(() -> client.poll(5, 1))
                .isInstanceOf(IOException.class)
                .hasMessage("no usable credential in the token file");
    }

    @Test
    void a_closed_port_fails_poll_and_report_with_the_reason_and_the_address() throws IOException {
        int closed = StatusReporterTest.closedPort();
        var client = new PortalClient(
                http, URI.create("http://127.0.0.1:" + closed), () -> "gw1.token", "test", Duration.ofSeconds(1));
        String expected = "no answer from http://127.0.0.1:" + closed + ": connection refused";

        assertThatThrownBy(() -> client.poll(5, 1))
                .isInstanceOf(PortalClient.Unreachable.class)
                .hasMessage(expected);
        assertThatThrownBy(() -> client.report(
                        new StatusReport("test", AgentLoopTest.SELF, 1, null, List.of(), List.of(), List.of())))
                .isInstanceOf(PortalClient.Unreachable.class)
                .hasMessage(expected);
    }

    @Test
    void https_to_a_plain_http_port_says_that_tls_failed() throws IOException {
        // A plain HTTP server that speaks first (as one answering a TLS hello with a 400 does).
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    socket.getOutputStream()
                            .write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                    .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    return;
                }
            }
        });
        var client = new PortalClient(
                http,
                URI.create("https://127.0.0.1:" + server.getLocalPort()),
                () -> "gw1.token",
                "test",
                Duration.ofSeconds(1));

        assertThatThrownBy(() -> client.poll(5, 1))
                .isInstanceOf(PortalClient.Unreachable.class)
                .hasMessageStartingWith("no answer from https://127.0.0.1:" + server.getLocalPort() + ": TLS failed: ");
    }

    @Test
    void a_host_name_that_does_not_resolve_and_a_connect_timeout_are_named() {
        var unresolved = new java.net.ConnectException();
        unresolved.initCause(new java.nio.channels.UnresolvedAddressException());
        assertThat(TransportFailure.describe(unresolved)).isEqualTo("the portal's host name does not resolve (DNS)");
        assertThat(TransportFailure.describe(new java.net.http.HttpConnectTimeoutException("HTTP connect timed out")))
                .isEqualTo("connecting timed out: HTTP connect timed out");
        assertThat(TransportFailure.describe(new java.net.SocketException("Connection reset")))
                .isEqualTo("connection failed: Connection reset");
        assertThat(TransportFailure.describe(new IOException())).isEqualTo("IOException");
    }
}
