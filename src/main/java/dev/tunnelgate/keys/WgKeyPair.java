package dev.tunnelgate.keys;

import java.security.SecureRandom;

/** A private key and its public key, for enrollment with server-side key generation. */
public record WgKeyPair(WgPrivateKey privateKey, WgKey publicKey) {
    public WgKeyPair {
        if (!privateKey.publicKey().equals(publicKey)) {
            throw new IllegalArgumentException("Public key does not belong to the private key");
        }
    }

    public static WgKeyPair generate(SecureRandom random) {
        WgPrivateKey privateKey = WgPrivateKey.generate(random);
        return new WgKeyPair(privateKey, privateKey.publicKey());
    }
}
