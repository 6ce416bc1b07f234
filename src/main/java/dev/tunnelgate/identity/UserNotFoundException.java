package dev.tunnelgate.identity;

import dev.tunnelgate.text.NotFoundException;

/** No account with that id. */
public class UserNotFoundException extends NotFoundException {
    public UserNotFoundException(long id) {
        super("No user " + id);
    }
}
