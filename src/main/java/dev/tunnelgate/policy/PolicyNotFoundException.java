package dev.tunnelgate.policy;

import dev.tunnelgate.text.NotFoundException;

public class PolicyNotFoundException extends NotFoundException {
    public PolicyNotFoundException(long id) {
        super("No access policy " + id);
    }
}
