package dev.tunnelgate.agent;

import java.util.Map;

/**
 * A WireGuard interface as read from the OS. Deliberately has no private key: this value is logged,
 * compared and reported to the portal.
 */
public record InterfaceState(String publicKey, int listenPort, Map<String, PeerState> peers) {
    public InterfaceState {
        peers = Map.copyOf(peers);
    }
}
