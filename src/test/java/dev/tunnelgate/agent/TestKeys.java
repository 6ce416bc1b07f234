package dev.tunnelgate.agent;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/** Real X25519 public keys and random preshared keys, made in the JVM: a process per key is too slow for 10k peers. */
public final class TestKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestKeys() {}

    public static String publicKey() {
        try {
            byte[] encoded = KeyPairGenerator.getInstance("X25519")
                    .generateKeyPair()
                    .getPublic()
                    .getEncoded();
            // X.509 SubjectPublicKeyInfo for X25519 is a fixed 12-byte header followed by the raw 32-byte key.
            return Base64.getEncoder().encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String presharedKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
