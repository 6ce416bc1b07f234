package dev.tunnelgate.wgconfig;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.keys.PresharedKey;
import dev.tunnelgate.keys.WgKey;
import dev.tunnelgate.keys.WgPrivateKey;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.Arrays;
import java.util.List;

/** A realistic config with known keys, shared by the renderer, parser and QR tests. */
public final class ConfigFixtures {
    public static final String PRIVATE_KEY = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";
    public static final String PEER_PUBLIC_KEY = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";
    public static final String PRESHARED_KEY = "FpCyhws9cxwWoV4xELtfJvjJN+zQVRPISllRWgeopVE=";

    public static final String TEXT = """
            # Tunnelgate: Anna's laptop
            [Interface]
            PrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=
            Address = 10.8.0.17/32, fd00:8::11/128
            DNS = 10.8.0.1, fd00:8::1, corp.example.com
            MTU = 1420

            [Peer]
            PublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=
            PresharedKey = FpCyhws9cxwWoV4xELtfJvjJN+zQVRPISllRWgeopVE=
            AllowedIPs = 10.8.0.0/16, 10.20.0.0/16, 192.168.100.0/24, 172.16.0.0/12, fd00:8::/64, fd00:20::/48
            Endpoint = vpn.example.com:51820
            PersistentKeepalive = 25
            """;

    private ConfigFixtures() {}

    public static ClientConfig model() {
        return new ClientConfig(
                "Anna's laptop",
                new InterfaceSection(
                        PrivateKeyEntry.of(WgPrivateKey.parse(PRIVATE_KEY)),
                        prefixes("10.8.0.17/32", "fd00:8::11/128"),
                        List.of(ip("10.8.0.1"), ip("fd00:8::1")),
                        List.of("corp.example.com"),
                        1420),
                List.of(new PeerSection(
                        WgKey.parsePublic(PEER_PUBLIC_KEY),
                        PresharedKey.parse(PRESHARED_KEY),
                        prefixes(
                                "10.8.0.0/16",
                                "10.20.0.0/16",
                                "192.168.100.0/24",
                                "172.16.0.0/12",
                                "fd00:8::/64",
                                "fd00:20::/48"),
                        new Endpoint("vpn.example.com", 51820),
                        25)));
    }

    static List<IpPrefix> prefixes(String... texts) {
        return Arrays.stream(texts).map(IpPrefix::parse).toList();
    }

    static IPAddress ip(String text) {
        return new IPAddressString(text).getAddress();
    }
}
