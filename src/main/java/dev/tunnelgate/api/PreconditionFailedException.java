package dev.tunnelgate.api;

/** The If-Match of an update names another version than the stored one: someone changed it in between (412). */
public class PreconditionFailedException extends RuntimeException {
    public PreconditionFailedException(String message) {
        super(message);
    }
}
