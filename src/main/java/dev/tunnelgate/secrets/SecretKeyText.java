package dev.tunnelgate.secrets;

import java.util.Base64;

/** The text form of a secret key, shared by the configured key and the key file so both accept the same texts. */
final class SecretKeyText {
    static final String HOW_TO_GENERATE = "openssl rand -base64 32";

    private SecretKeyText() {}

    /** Strictly decodes a key; the exception says what is wrong without repeating the text. */
    static byte[] parse(String text) {
        String trimmed = text.strip(); // `openssl rand` ends its output with a newline
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("it is not base64 text");
        }
        if (bytes.length != SecretBox.KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "it decodes to %d bytes, not %d".formatted(bytes.length, SecretBox.KEY_LENGTH));
        }
        if (!format(bytes).equals(trimmed)) {
            throw new IllegalArgumentException("it is not canonical base64 (padding or trailing bits)");
        }
        if (isAllZero(bytes)) {
            throw new IllegalArgumentException("it is all zeros, a placeholder rather than a key");
        }
        return bytes;
    }

    static String format(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }

    private static boolean isAllZero(byte[] bytes) {
        int accumulated = 0;
        for (byte b : bytes) {
            accumulated |= b;
        }
        return accumulated == 0;
    }
}
