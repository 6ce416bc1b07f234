package dev.tunnelgate.text;

/**
 * Nothing with that id, or nothing the caller may see: another user's device is "not found", not "forbidden". The
 * message says what was looked for (e.g. "No device 12"), never why it is not there.
 */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
