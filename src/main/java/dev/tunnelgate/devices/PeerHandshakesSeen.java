package dev.tunnelgate.devices;

import java.time.Instant;
import java.util.Map;

/**
 * A gateway member reported, for these device public keys (a device's current key or the new key of a rotation), a
 * handshake newer than the one stored. Published by the gateway side in the report's transaction; a rotation whose
 * new key is among them completes.
 *
 * @param memberName the member that saw the handshakes
 * @param handshakes public key (base64) → that member's latest handshake with it
 */
public record PeerHandshakesSeen(String memberName, Map<String, Instant> handshakes) {
    public PeerHandshakesSeen {
        handshakes = Map.copyOf(handshakes);
    }
}
