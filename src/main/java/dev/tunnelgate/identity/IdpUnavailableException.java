package dev.tunnelgate.identity;

/** The identity provider could not be reached or described itself wrongly. */
public class IdpUnavailableException extends RuntimeException {
    public IdpUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
