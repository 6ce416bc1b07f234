package dev.tunnelgate.networks;

/** No network with that id, or none the caller may see. */
public class NetworkNotFoundException extends RuntimeException {
    public NetworkNotFoundException(long id) {
        super("No network " + id);
    }
}
