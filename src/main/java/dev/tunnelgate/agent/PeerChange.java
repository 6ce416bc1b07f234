package dev.tunnelgate.agent;

import dev.tunnelgate.protocol.PeerSpec;
import dev.tunnelgate.protocol.WgKeys;

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
            WgKeys.requireKey(publicKey, "public key");
        }
    }
}
