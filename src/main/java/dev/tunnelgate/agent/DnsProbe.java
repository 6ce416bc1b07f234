package dev.tunnelgate.agent;

import dev.tunnelgate.protocol.DnsCheck;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Asks a DNS server for the root's name servers ({@code . NS}), over UDP and, if that goes unanswered, over TCP.
 * Any well-formed answer to the query counts, an error code (REFUSED, SERVFAIL) too: what matters is whether a
 * device's resolver is heard there at all. Sent from the agent's own network namespace, as the gateway's traffic is.
 */
final class DnsProbe {
    static final int DNS_PORT = 53;
    static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final int HEADER = 12;
    private static final int NS = 2;
    private static final int IN = 1;

    private final int port;
    private final Duration timeout;

    DnsProbe() {
        this(DNS_PORT, TIMEOUT);
    }

    /** @param port 53, or a high port for tests */
    DnsProbe(int port, Duration timeout) {
        this.port = port;
        this.timeout = timeout;
    }

    DnsCheck.Outcome probe(InetAddress server) {
        if (answersOverUdp(server)) {
            return DnsCheck.Outcome.OK;
        }
        return answersOverTcp(server) ? DnsCheck.Outcome.TCP_ONLY : DnsCheck.Outcome.NO_ANSWER;
    }

    boolean answersOverUdp(InetAddress server) {
        int id = ThreadLocalRandom.current().nextInt(0x10000);
        byte[] query = query(id);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (var socket = new DatagramSocket()) {
            socket.connect(server, port);
            socket.send(new DatagramPacket(query, query.length));
            byte[] buffer = new byte[512];
            while (true) {
                long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) left);
                var packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                if (isAnswerTo(id, ByteBuffer.wrap(buffer, 0, packet.getLength()))) {
                    return true;
                }
                // A stray datagram: keep waiting for ours until the deadline.
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // Port unreachable (an ICMP error for a connected socket), no route, …: nothing answers over UDP.
            return false;
        }
    }

    boolean answersOverTcp(InetAddress server) {
        int id = ThreadLocalRandom.current().nextInt(0x10000);
        byte[] query = query(id);
        try (var socket = new Socket()) {
            int millis = (int) Math.max(1, timeout.toMillis());
            socket.connect(new InetSocketAddress(server, port), millis);
            socket.setSoTimeout(millis);
            var framed = ByteBuffer.allocate(2 + query.length);
            framed.putShort((short) query.length).put(query);
            socket.getOutputStream().write(framed.array());
            var in = new DataInputStream(socket.getInputStream());
            int length = in.readUnsignedShort();
            if (length < HEADER) {
                return false;
            }
            byte[] header = new byte[HEADER];
            in.readFully(header);
            return isAnswerTo(id, ByteBuffer.wrap(header));
        } catch (IOException e) {
            return false;
        }
    }

    /** A standard query with recursion desired for {@code . NS IN}. */
    static byte[] query(int id) {
        return ByteBuffer.allocate(HEADER + 5)
                .putShort((short) id)
                .putShort((short) 0x0100) // RD
                .putShort((short) 1) // QDCOUNT
                .putShort((short) 0)
                .putShort((short) 0)
                .putShort((short) 0)
                .put((byte) 0) // the root name
                .putShort((short) NS)
                .putShort((short) IN)
                .array();
    }

    /** Our id, the response bit set, and a standard query's opcode. */
    static boolean isAnswerTo(int id, ByteBuffer message) {
        if (message.remaining() < HEADER) {
            return false;
        }
        int answerId = Short.toUnsignedInt(message.getShort());
        int flags = Short.toUnsignedInt(message.getShort());
        boolean response = (flags & 0x8000) != 0;
        int opcode = (flags >> 11) & 0xF;
        return answerId == id && response && opcode == 0;
    }
}
