package dev.tunnelgate.identity;

import dev.tunnelgate.text.Message;
import dev.tunnelgate.text.NotFoundException;

/** No account with that id. */
public class UserNotFoundException extends NotFoundException {
    public UserNotFoundException(long id) {
        super(Message.of("refusals.user.not-found", id));
    }
}
