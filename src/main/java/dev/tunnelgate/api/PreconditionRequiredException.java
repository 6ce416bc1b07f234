package dev.tunnelgate.api;

/** An update without If-Match, where lost updates must be ruled out (428). */
public class PreconditionRequiredException extends RuntimeException {
    public PreconditionRequiredException(String message) {
        super(message);
    }
}
