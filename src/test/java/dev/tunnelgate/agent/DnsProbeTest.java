package dev.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.protocol.DnsCheck;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The DNS probe against tiny responders on 127.0.0.1 (a high port stands in for 53). */
class DnsProbeTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (var server : servers) {
            server.close();
        }
    }

    /** Answers each query with its own id and the response bit set, rcode REFUSED: an answer all the same. */
    private int udpResponder(boolean wrongId) throws IOException {
        var socket = new DatagramSocket(0, LOOPBACK);
        servers.add(socket);
        Thread.ofVirtual().start(() -> {
            byte[] buffer = new byte[512];
            while (!socket.isClosed()) {
                try {
                    var packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    byte[] answer = answer(ByteBuffer.wrap(buffer, 0, packet.getLength()), wrongId);
                    socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return socket.getLocalPort();
    }

    private void tcpResponder(int port) throws IOException {
        var server = new ServerSocket(port, 10, LOOPBACK);
        servers.add(server);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (var socket = server.accept()) {
                    var in = new DataInputStream(socket.getInputStream());
                    byte[] query = new byte[in.readUnsignedShort()];
                    in.readFully(query);
                    byte[] answer = answer(ByteBuffer.wrap(query), false);
                    var framed = ByteBuffer.allocate(2 + answer.length)
                            .putShort((short) answer.length)
                            .put(answer);
                    socket.getOutputStream().write(framed.array());
                } catch (IOException e) {
                    // next connection, or closed
                }
            }
        });
    }

    private static byte[] answer(ByteBuffer query, boolean wrongId) {
        byte[] answer = new byte[query.remaining()];
        query.get(answer);
        if (wrongId) {
            answer[0] ^= (byte) 0xff;
        }
        answer[2] |= (byte) 0x80; // QR: a response
        answer[3] = 0x05; // REFUSED
        return answer;
    }

    @Test
    void a_server_that_answers_over_udp_is_ok_even_with_an_error_code() throws IOException {
        int port = udpResponder(false);

        assertThat(new DnsProbe(port, TIMEOUT).probe(LOOPBACK)).isEqualTo(DnsCheck.Outcome.OK);
    }

    @Test
    void a_server_that_answers_only_over_tcp_is_tcp_only() throws IOException {
        int port = StatusReporterTest.closedPort();
        tcpResponder(port);

        assertThat(new DnsProbe(port, TIMEOUT).probe(LOOPBACK)).isEqualTo(DnsCheck.Outcome.TCP_ONLY);
    }

    @Test
    void nothing_listening_is_no_answer_within_the_timeouts() throws IOException {
        int port = StatusReporterTest.closedPort();
        long started = System.nanoTime();

        assertThat(new DnsProbe(port, TIMEOUT).probe(LOOPBACK)).isEqualTo(DnsCheck.Outcome.NO_ANSWER);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void an_answer_to_another_query_does_not_count() throws IOException {
        int port = udpResponder(true);

        assertThat(new DnsProbe(port, TIMEOUT).answersOverUdp(LOOPBACK)).isFalse();
    }

    @Test
    void the_query_asks_for_the_roots_name_servers() {
        byte[] query = DnsProbe.query(0x1234);
        assertThat(query).hasSize(17);
        assertThat(ByteBuffer.wrap(query).getShort(0)).isEqualTo((short) 0x1234);
        assertThat(query[12]).isZero(); // the root name
        assertThat(ByteBuffer.wrap(query).getShort(13)).isEqualTo((short) 2); // NS
        assertThat(ByteBuffer.wrap(query).getShort(15)).isEqualTo((short) 1); // IN
    }

    @Test
    void checks_of_several_servers_run_at_once_and_report_each() throws IOException {
        int port = udpResponder(false);
        var checks = new DnsChecks(new DnsProbe(port, TIMEOUT));

        checks.run(List.of("127.0.0.1", "127.0.0.2", "127.0.0.3"));

        // The responder listens on 127.0.0.1 only; 127.0.0.2 and .3 are loopback too, with nothing on that port.
        assertThat(checks.latest())
                .containsExactly(
                        new DnsCheck("127.0.0.1", DnsCheck.Outcome.OK),
                        new DnsCheck("127.0.0.2", DnsCheck.Outcome.NO_ANSWER),
                        new DnsCheck("127.0.0.3", DnsCheck.Outcome.NO_ANSWER));
    }
}
