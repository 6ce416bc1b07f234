package dev.tunnelgate.policy;

import dev.tunnelgate.text.Message;
import dev.tunnelgate.text.NotFoundException;

public class DestinationNotFoundException extends NotFoundException {
    public DestinationNotFoundException(long id) {
        super(Message.of("refusals.policy.destination.not-found", id));
    }
}
