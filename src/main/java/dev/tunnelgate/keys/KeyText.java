package dev.tunnelgate.keys;

import java.util.Arrays;
import java.util.Base64;

/**
 * The one strict base64 decoder shared by every key type, so all three accept exactly the same texts. Its public
 * checks are for key texts that travel between portal and agent, where any 32 bytes are a key.
 */
public final class KeyText {
    static final int KEY_LENGTH = 32;
    private static final int TEXT_LENGTH = 44;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private KeyText() {}

    /** Whether the text is the one base64 spelling of 32 bytes that {@code wg} prints. */
    public static boolean isKey(String text) {
        try {
            Arrays.fill(decode(text, "key"), (byte) 0);
            return true;
        } catch (InvalidKeyException e) {
            return false;
        }
    }

    /** Returns the text unchanged, or throws without echoing the (possibly secret) value. */
    public static String requireKey(String text, String what) {
        if (!isKey(text)) {
            throw new InvalidKeyException(what + " is not a base64 WireGuard key of 32 bytes");
        }
        return text;
    }

    static byte[] decode(String text, String what) {
        if (text.isEmpty()) {
            throw new InvalidKeyException(capitalized(what) + " is empty");
        }
        if (text.length() != TEXT_LENGTH) {
            throw new InvalidKeyException("%s must be exactly %d base64 characters, got %d"
                    .formatted(capitalized(what), TEXT_LENGTH, text.length()));
        }
        if (text.charAt(TEXT_LENGTH - 1) != '=' || text.charAt(TEXT_LENGTH - 2) == '=') {
            throw new InvalidKeyException(capitalized(what) + " must end with exactly one '='");
        }
        for (int i = 0; i < TEXT_LENGTH - 1; i++) {
            checkAlphabet(text.charAt(i), i + 1, what);
        }
        // 43 characters carry 258 bits for 256 bits of key: the 2 spare bits must be zero,
        // or two different texts would name the same key and slip past the "already in use" check.
        if ((ALPHABET.indexOf(text.charAt(TEXT_LENGTH - 2)) & 0b11) != 0) {
            throw new InvalidKeyException(
                    capitalized(what) + " is not canonical: its last character before '=' has non-zero trailing bits");
        }
        byte[] bytes = Base64.getDecoder().decode(text);
        if (bytes.length != KEY_LENGTH
                || !Base64.getEncoder().encodeToString(bytes).equals(text)) {
            throw new InvalidKeyException(capitalized(what) + " does not decode to exactly 32 bytes");
        }
        return bytes;
    }

    static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static boolean isAllZero(byte[] bytes) {
        int accumulated = 0;
        for (byte b : bytes) {
            accumulated |= b;
        }
        return accumulated == 0;
    }

    static byte[] requireKeyLength(byte[] bytes, String what) {
        if (bytes.length != KEY_LENGTH) {
            throw new InvalidKeyException(
                    "%s must be %d bytes, got %d".formatted(capitalized(what), KEY_LENGTH, bytes.length));
        }
        return bytes.clone();
    }

    private static void checkAlphabet(char c, int position, String what) {
        if (ALPHABET.indexOf(c) >= 0) {
            return;
        }
        String problem;
        if (c == '-' || c == '_') {
            problem = "uses the URL-safe base64 alphabet ('-' or '_'); WireGuard keys use '+' and '/'";
        } else if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
            problem = "contains whitespace";
        } else if (c == '=') {
            problem = "has '=' padding before the end";
        } else {
            problem = "contains a character outside the base64 alphabet (A-Z, a-z, 0-9, +, /)";
        }
        throw new InvalidKeyException("%s %s at position %d".formatted(capitalized(what), problem, position));
    }

    private static String capitalized(String what) {
        return Character.toUpperCase(what.charAt(0)) + what.substring(1);
    }
}
