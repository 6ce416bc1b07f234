package dev.tunnelgate.networks;

import dev.tunnelgate.text.Message;
import dev.tunnelgate.text.NotFoundException;

/** No network with that id, or none the caller may see. */
public class NetworkNotFoundException extends NotFoundException {
    public NetworkNotFoundException(long id) {
        super(Message.of("refusals.network.not-found", id));
    }
}
