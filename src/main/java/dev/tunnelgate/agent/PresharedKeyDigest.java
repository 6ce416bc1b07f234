package dev.tunnelgate.agent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/** Compares preshared keys without holding them: a random 256-bit key's SHA-256 reveals nothing useful. */
final class PresharedKeyDigest {
    private PresharedKeyDigest() {}

    static @Nullable String of(@Nullable String presharedKey) {
        if (presharedKey == null) {
            return null;
        }
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(presharedKey.getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
