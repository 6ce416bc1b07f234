package dev.tunnelgate.policy;

import dev.tunnelgate.text.NotFoundException;

public class DestinationNotFoundException extends NotFoundException {
    public DestinationNotFoundException(long id) {
        super("No destination " + id);
    }
}
