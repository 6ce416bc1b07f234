package dev.tunnelgate.agent;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The agent's one seam to the operating system's WireGuard interface. */
public interface WireGuardInterface {
    /** The interface as it is now ({@code wg show <if> dump}), without its private key. */
    InterfaceState read() throws IOException;

    /**
     * Makes the interface reflect the final change per public key in {@code changes}; peers not named are
     * left alone, so their sessions survive.
     *
     * @throws IOException the changes may have taken effect in part (e.g. {@code wg}'s removals, but not the
     *                     {@code addconf} after them); the caller must not assume the old or the new state
     */
    void apply(List<PeerChange> changes) throws IOException;

    /**
     * Sets the endpoints of the named peers ({@code wg set <if> peer K endpoint E …}), leaving everything else of
     * them as it is. {@code wg} creates a peer it does not know: name only peers of the desired state.
     *
     * @param endpoints public key to a numeric {@code address:port}, as {@code wg show} prints it
     */
    void setEndpoints(Map<String, String> endpoints) throws IOException;
}
