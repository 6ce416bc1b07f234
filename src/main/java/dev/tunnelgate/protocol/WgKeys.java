package dev.tunnelgate.protocol;

import java.util.Arrays;
import java.util.Base64;

/** Shape checks for WireGuard keys as they travel in text: base64 of exactly 32 bytes. */
public final class WgKeys {
    /** Base64 of 32 bytes is 43 significant characters plus one '=' of padding. */
    public static final int BASE64_LENGTH = 44;

    private WgKeys() {
    }

    public static boolean isKey(String text) {
        if (text.length() != BASE64_LENGTH || text.charAt(BASE64_LENGTH - 1) != '=') {
            return false;
        }
        for (int i = 0; i < BASE64_LENGTH - 1; i++) {
            char c = text.charAt(i);
            boolean base64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (!base64) {
                return false;
            }
        }
        byte[] bytes = Base64.getDecoder().decode(text);
        // The JDK decoder ignores non-zero padding bits; re-encoding rejects such non-canonical spellings,
        // which would otherwise let two different strings name the same key.
        boolean canonical = Base64.getEncoder().encodeToString(bytes).equals(text);
        Arrays.fill(bytes, (byte) 0);
        return canonical;
    }

    /** Returns the key unchanged, or throws without echoing the (possibly secret) value. */
    public static String requireKey(String text, String field) {
        if (!isKey(text)) {
            throw new IllegalArgumentException(field + " is not a base64 WireGuard key of 32 bytes");
        }
        return text;
    }
}
