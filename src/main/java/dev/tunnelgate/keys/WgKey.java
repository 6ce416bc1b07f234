package dev.tunnelgate.keys;

import java.util.Arrays;

/** A WireGuard (X25519) public key. Immutable; equality is on the 32 bytes. */
public record WgKey(byte[] bytes) {
    private static final String WHAT = "public key";

    /** Every instance is a usable peer key: the checks run here, not only in {@link #parsePublic}. */
    public WgKey {
        bytes = KeyText.requireKeyLength(bytes, WHAT);
        if (KeyText.isAllZero(bytes)) {
            throw new InvalidKeyException("Public key is all zeros");
        }
        if (LowOrderPoints.contains(bytes)) {
            throw new InvalidKeyException(
                    "Public key is a low-order Curve25519 point and would make every shared secret zero");
        }
        if (!LowOrderPoints.isCanonicalFieldElement(bytes)) {
            throw new InvalidKeyException(
                    "Public key is not a canonical Curve25519 point encoding (no WireGuard client produces it)");
        }
    }

    /**
     * Parses a public key as a user would paste it, accepting only the one text {@code wg pubkey}
     * would print for it and refusing keys that cannot be a real peer.
     */
    public static WgKey parsePublic(String base64) {
        return new WgKey(KeyText.decode(base64, WHAT));
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
        return other instanceof WgKey key && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    // Key material stays out of logs and exception messages by default; callers that mean to show it use toBase64().
    @Override
    public String toString() {
        return "WgKey[32 bytes]";
    }
}
