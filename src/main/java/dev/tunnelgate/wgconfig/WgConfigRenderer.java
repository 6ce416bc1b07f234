package dev.tunnelgate.wgconfig;

import dev.tunnelgate.ip.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Renders a {@link ClientConfig} in wg-quick format with LF line endings. Only the keys of the model
 * exist, so hooks (PreUp, PostUp, …), Table and SaveConfig can never be emitted.
 */
public final class WgConfigRenderer {
    static final String HEADER_PREFIX = "# Tunnelgate: ";

    private WgConfigRenderer() {}

    public static String render(ClientConfig config) {
        StringBuilder out = new StringBuilder(512);
        if (config.deviceName() != null) {
            out.append(singleLine(HEADER_PREFIX + config.deviceName())).append('\n');
        }
        renderInterface(out, config.iface());
        for (PeerSection peer : config.peers()) {
            out.append('\n');
            renderPeer(out, peer);
        }
        return out.toString();
    }

    private static void renderInterface(StringBuilder out, InterfaceSection iface) {
        out.append("[Interface]\n");
        if (iface.privateKey() instanceof PrivateKeyEntry.Placeholder) {
            PrivateKeyEntry.PLACEHOLDER_NOTE.forEach(
                    note -> out.append(singleLine("# " + note)).append('\n'));
        }
        line(out, "PrivateKey", iface.privateKey().render());
        line(out, "Address", join(iface.addresses().stream().map(IpPrefix::toString)));
        List<String> dns = new ArrayList<>();
        iface.dnsServers().forEach(server -> dns.add(server.toCanonicalString()));
        dns.addAll(iface.dnsSearchDomains());
        if (!dns.isEmpty()) {
            line(out, "DNS", String.join(", ", dns));
        }
        if (iface.mtu() != null) {
            line(out, "MTU", iface.mtu().toString());
        }
    }

    private static void renderPeer(StringBuilder out, PeerSection peer) {
        out.append("[Peer]\n");
        line(out, "PublicKey", peer.publicKey().toBase64());
        if (peer.presharedKey() != null) {
            line(out, "PresharedKey", peer.presharedKey().toBase64());
        }
        line(out, "AllowedIPs", join(peer.allowedIps().stream().map(IpPrefix::toString)));
        if (peer.endpoint() != null) {
            line(out, "Endpoint", peer.endpoint().toString());
        }
        if (peer.persistentKeepalive() != null) {
            line(out, "PersistentKeepalive", peer.persistentKeepalive().toString());
        }
    }

    private static String join(Stream<String> values) {
        return String.join(", ", values.toList());
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(key).append(" = ").append(singleLine(value)).append('\n');
    }

    // The model already guarantees this; checking again costs nothing and keeps a future field from opening a hole.
    private static String singleLine(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029) {
                throw new IllegalStateException("Refusing to render a config value that spans lines");
            }
        }
        return text;
    }
}
