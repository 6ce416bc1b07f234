package dev.tunnelgate.keys;

/**
 * A key text was rejected. The message names the rule that failed and never repeats the input,
 * so it is safe to show to the user and to write to a log.
 */
public class InvalidKeyException extends IllegalArgumentException {
    public InvalidKeyException(String message) {
        super(message);
    }
}
