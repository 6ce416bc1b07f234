package dev.tunnelgate.addressing;

/** A pool or reserved address that cannot be used; the message says what is wrong and how to fix it. */
public class InvalidPoolException extends IllegalArgumentException {
    public InvalidPoolException(String message) {
        super(message);
    }
}
