package dev.tunnelgate.secrets;

/**
 * A sealed secret could not be opened. The message says why in general terms and never repeats
 * the sealed text or the key, so it is safe to log.
 */
public class SecretUnreadableException extends RuntimeException {
    SecretUnreadableException(String message) {
        super(message);
    }
}
