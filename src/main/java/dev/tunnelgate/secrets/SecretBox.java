package dev.tunnelgate.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals small secrets for storage with AES-256-GCM and opens them again. The associated data
 * (the device id) is authenticated but not stored, so a sealed value copied onto another row
 * does not open there. Instances are immutable and safe to share between threads.
 */
public final class SecretBox {
    static final int KEY_LENGTH = 32;
    private static final String VERSION = "v1:";
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    // Random 96-bit nonces are safe for far more seals than one portal makes (NIST SP 800-38D: 2^32 per key).
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(byte[] key) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "An AES-256 key must be %d bytes, got %d".formatted(KEY_LENGTH, key.length));
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** Encrypts {@code plaintext} bound to {@code associatedData}; the result is text for a database column. */
    public String seal(byte[] plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, associatedData);
            byte[] sealed = new byte[NONCE_LENGTH + cipher.getOutputSize(plaintext.length)];
            System.arraycopy(nonce, 0, sealed, 0, NONCE_LENGTH);
            cipher.doFinal(plaintext, 0, plaintext.length, sealed, NONCE_LENGTH);
            return VERSION + Base64.getEncoder().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /**
     * Decrypts what {@link #seal} produced for the same associated data.
     *
     * @throws SecretUnreadableException if the text is not a sealed secret, was altered, or was
     *         sealed with another key or for other associated data
     */
    public byte[] open(String sealed, String associatedData) {
        if (!sealed.startsWith(VERSION)) {
            throw new SecretUnreadableException("The stored secret is not in a known format (expected version v1)");
        }
        byte[] bytes = decode(sealed.substring(VERSION.length()));
        if (bytes.length < NONCE_LENGTH + TAG_BITS / 8) {
            throw new SecretUnreadableException("The stored secret is too short to be a sealed secret");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(bytes, NONCE_LENGTH), associatedData);
            return cipher.doFinal(bytes, NONCE_LENGTH, bytes.length - NONCE_LENGTH);
        } catch (AEADBadTagException e) {
            throw new SecretUnreadableException("The stored secret cannot be opened: it was altered, "
                    + "or it was sealed with another key or for another record");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String associatedData) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static byte[] decode(String text) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            // The cause is dropped: its message quotes a character of the sealed text.
            throw new SecretUnreadableException("The stored secret is not valid base64");
        }
        // The JDK decoder forgives missing padding and stray trailing bits; refusing them means
        // any change to the stored text, not only to the bytes it decodes to, is detected.
        if (!Base64.getEncoder().encodeToString(bytes).equals(text)) {
            throw new SecretUnreadableException("The stored secret is not canonical base64");
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "SecretBox[AES-256-GCM, key redacted]";
    }
}
