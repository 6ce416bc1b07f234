package dev.tunnelgate.text;

import org.jspecify.annotations.Nullable;

/**
 * Nothing with that id, or nothing the caller may see: another user's device is "not found", not "forbidden". The
 * message says what was looked for (e.g. "No device 12"), never why it is not there.
 */
public class NotFoundException extends RuntimeException {
    private final @Nullable Message text;

    public NotFoundException(String message) {
        super(message);
        this.text = null;
    }

    /** A translatable message; {@link #getMessage()} is its English text. */
    public NotFoundException(Message message) {
        super(message.english());
        this.text = message;
    }

    /** The message as a key of the {@code refusals} bundle; null for one worded in English only. */
    public @Nullable Message message() {
        return text;
    }
}
