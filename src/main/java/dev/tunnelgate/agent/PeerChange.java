package dev.tunnelgate.agent;

import dev.tunnelgate.keys.KeyText;
import dev.tunnelgate.protocol.PeerSpec;

/** One change to one peer of an interface. */
public sealed interface PeerChange {
    String publicKey();

    /** Creates the peer or sets it to exactly this spec (a missing preshared key clears an existing one). */
    record Upsert(PeerSpec spec) implements PeerChange {
        @Override
        public String publicKey() {
            return spec.publicKey();
        }
    }

    record Remove(String publicKey) implements PeerChange {
        public Remove {
            KeyText.requireKey(publicKey, "public key");
        }
    }
}
