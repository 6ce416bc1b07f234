package dev.tunnelgate.policy;

import dev.tunnelgate.text.Message;
import dev.tunnelgate.text.NotFoundException;

public class PolicyNotFoundException extends NotFoundException {
    public PolicyNotFoundException(long id) {
        super(Message.of("refusals.policy.not-found", id));
    }
}
