package dev.tunnelgate.agent;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.keys.KeyText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** Parses {@code wg show <if> dump}: tab-separated, "(none)" for empty, one interface line then one line per peer. */
final class WgDump {
    private static final String NONE = "(none)";

    private WgDump() {}

    static InterfaceState parse(String dump) {
        String[] lines = dump.split("\n");
        if (lines.length == 0 || lines[0].isEmpty()) {
            throw new IllegalArgumentException("wg dump is empty");
        }
        // private-key public-key listen-port fwmark; the private key (field 0) is dropped on purpose.
        String[] head = fields(lines[0], 4, 1);
        String publicKey = head[1].equals(NONE) ? "" : KeyText.requireKey(head[1], "interface public key");
        int listenPort = Integer.parseInt(head[2]);
        var peers = new HashMap<String, PeerState>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            PeerState peer = peer(fields(lines[i], 8, i + 1));
            peers.put(peer.publicKey(), peer);
        }
        return new InterfaceState(publicKey, listenPort, peers);
    }

    // public-key preshared-key endpoint allowed-ips latest-handshake transfer-rx transfer-tx persistent-keepalive
    private static PeerState peer(String[] f) {
        String publicKey = KeyText.requireKey(f[0], "peer public key");
        String psk = f[1].equals(NONE) ? null : KeyText.requireKey(f[1], "preshared key");
        String endpoint = f[2].equals(NONE) ? null : f[2];
        long handshake = Long.parseLong(f[4]);
        return new PeerState(
                publicKey,
                PresharedKeyDigest.of(psk),
                allowedIps(f[3]),
                endpoint,
                handshake == 0 ? null : Instant.ofEpochSecond(handshake),
                Long.parseLong(f[5]),
                Long.parseLong(f[6]));
    }

    private static List<String> allowedIps(String field) {
        if (field.equals(NONE) || field.isEmpty()) {
            return List.of();
        }
        var ips = new ArrayList<String>();
        for (String ip : field.split(",")) {
            ips.add(canonicalOrRaw(ip));
        }
        return ips;
    }

    // A prefix we would never send (say ::ffff:10.0.0.1/128, added by hand) still has to show up as drift.
    private static String canonicalOrRaw(String ip) {
        try {
            return IpPrefix.parseNetwork(ip).toString();
        } catch (IllegalArgumentException e) {
            return ip;
        }
    }

    private static String[] fields(String line, int expected, int lineNumber) {
        String[] f = line.split("\t", -1);
        if (f.length != expected) {
            throw new IllegalArgumentException(
                    "wg dump line " + lineNumber + " has " + f.length + " fields, expected " + expected);
        }
        return f;
    }
}
