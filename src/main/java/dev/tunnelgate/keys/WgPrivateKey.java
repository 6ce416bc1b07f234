package dev.tunnelgate.keys;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/** A WireGuard (X25519) private key: shown to its owner once, never stored, never logged. */
public record WgPrivateKey(byte[] bytes) {
    private static final String WHAT = "private key";

    public WgPrivateKey {
        bytes = KeyText.requireKeyLength(bytes, WHAT);
    }

    /** A fresh clamped scalar, exactly what {@code wg genkey} would print. */
    public static WgPrivateKey generate(SecureRandom random) {
        return new WgPrivateKey(new X25519PrivateKeyParameters(random).getEncoded());
    }

    /** Parses the base64 text of {@code wg genkey}; unclamped scalars are accepted, as WireGuard clamps on use. */
    public static WgPrivateKey parse(String base64) {
        byte[] bytes = KeyText.decode(base64, WHAT);
        if (KeyText.isAllZero(bytes)) {
            throw new InvalidKeyException("Private key is all zeros");
        }
        return new WgPrivateKey(bytes);
    }

    /** The matching public key, as {@code wg pubkey} derives it. */
    public WgKey publicKey() {
        return new WgKey(
                new X25519PrivateKeyParameters(bytes, 0).generatePublicKey().getEncoded());
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
        return other instanceof WgPrivateKey key && MessageDigest.isEqual(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "WgPrivateKey[redacted]";
    }
}
