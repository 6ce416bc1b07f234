package dev.tunnelgate.keys;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.qr.QrCodes;
import dev.tunnelgate.wgconfig.ClientConfig;
import dev.tunnelgate.wgconfig.Endpoint;
import dev.tunnelgate.wgconfig.InterfaceSection;
import dev.tunnelgate.wgconfig.PeerSection;
import dev.tunnelgate.wgconfig.PrivateKeyEntry;
import dev.tunnelgate.wgconfig.WgConfigRenderer;
import inet.ipaddr.IPAddressString;
import java.security.SecureRandom;
import java.util.List;

/**
 * Throughput of one server-side enrollment: key pair, preshared key, config text and QR PNG.
 * Not a test, so the suite stays fast; run it by hand:
 * <pre>
 * ./mvnw -B -q test-compile
 * java -cp target/test-classes:target/classes:$(./mvnw -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout) \
 *     dev.tunnelgate.keys.ServerKeyBenchmark
 * </pre>
 */
public final class ServerKeyBenchmark {
    private static final int WARM_UP = 200;
    private static final int MEASURED = 2_000;
    private static final int QR_SIZE = 512;

    private ServerKeyBenchmark() {}

    public static void main(String[] args) {
        SecureRandom random = new SecureRandom();
        WgKey gateway = WgKeyPair.generate(random).publicKey();
        long sink = 0;
        for (int i = 0; i < WARM_UP; i++) {
            sink += enroll(random, gateway, i);
        }
        long start = System.nanoTime();
        for (int i = 0; i < MEASURED; i++) {
            sink += enroll(random, gateway, i);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        report("keypair + PSK + config + %dpx QR PNG".formatted(QR_SIZE), seconds);

        // The same loop without the QR code shows where the time goes.
        start = System.nanoTime();
        for (int i = 0; i < MEASURED; i++) {
            sink += WgKeyPair.generate(random).publicKey().hashCode()
                    + PresharedKey.generate(random).hashCode();
        }
        report("keypair + PSK only", (System.nanoTime() - start) / 1e9);
        System.out.println("(checksum " + sink + ")");
    }

    private static void report(String what, double seconds) {
        System.out.printf(
                "%-45s %d ops in %.2f s = %.0f ops/s (%.3f ms/op)%n",
                what + ":", MEASURED, seconds, MEASURED / seconds, seconds * 1000 / MEASURED);
    }

    private static int enroll(SecureRandom random, WgKey gateway, int i) {
        WgKeyPair device = WgKeyPair.generate(random);
        PresharedKey psk = PresharedKey.generate(random);
        ClientConfig config = new ClientConfig(
                "Benchmark device " + i,
                new InterfaceSection(
                        PrivateKeyEntry.of(device.privateKey()),
                        List.of(
                                IpPrefix.parse("10.8.%d.%d/32".formatted(i / 250 % 250, 1 + i % 250)),
                                IpPrefix.parse("fd00:8::%x/128".formatted(i + 1))),
                        List.of(new IPAddressString("10.8.0.1").getAddress()),
                        List.of(),
                        1420),
                List.of(new PeerSection(
                        gateway,
                        psk,
                        List.of(
                                IpPrefix.parse("10.8.0.0/16"),
                                IpPrefix.parse("192.168.0.0/16"),
                                IpPrefix.parse("fd00:8::/64")),
                        new Endpoint("vpn.example.com", 51820),
                        25)));
        return QrCodes.png(WgConfigRenderer.render(config), QR_SIZE).length;
    }
}
