package dev.tunnelgate.text;

import java.util.List;

/**
 * A refusal's text as a key of the {@code refusals} bundle and its arguments, so that a view can show it in the
 * page's language while the exception's own message (for API clients and logs) stays English.
 */
public record Message(String key, List<Object> arguments) {
    public Message {
        arguments = List.copyOf(arguments);
    }

    public static Message of(String key, Object... arguments) {
        return new Message(key, List.of(arguments));
    }

    /** The text in English, as API clients and logs read it. */
    public String english() {
        return EnglishTexts.format(this);
    }
}
