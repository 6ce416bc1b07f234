package dev.tunnelgate.keys;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/** A per-device WireGuard preshared key: 32 random bytes mixed into the handshake for post-quantum resistance. */
public record PresharedKey(byte[] bytes) {
    private static final String WHAT = "preshared key";

    public PresharedKey {
        bytes = KeyText.requireKeyLength(bytes, WHAT);
    }

    public static PresharedKey generate(SecureRandom random) {
        byte[] bytes = new byte[KeyText.KEY_LENGTH];
        random.nextBytes(bytes);
        return new PresharedKey(bytes);
    }

    public static PresharedKey parse(String base64) {
        byte[] bytes = KeyText.decode(base64, WHAT);
        // wg treats an all-zero preshared key as "no preshared key", so accepting it would silently drop the
        // protection.
        if (KeyText.isAllZero(bytes)) {
            throw new InvalidKeyException("Preshared key is all zeros");
        }
        return new PresharedKey(bytes);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public String toBase64() {
        return KeyText.encode(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PresharedKey key && MessageDigest.isEqual(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "PresharedKey[redacted]";
    }
}
