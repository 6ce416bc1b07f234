package dev.tunnelgate.protocol;

import dev.tunnelgate.keys.KeyText;
import java.util.Objects;

/** A difference an agent found between its interface and the state it applied, and repaired. */
public record DriftEntry(Kind kind, String publicKey) {
    public enum Kind {
        /** a peer on the interface that the portal did not ask for (e.g. added by hand) */
        EXTRA,
        /** a desired peer that was missing */
        MISSING,
        /** a desired peer whose preshared key or allowed IPs differed */
        CHANGED
    }

    public DriftEntry {
        Objects.requireNonNull(kind, "kind");
        KeyText.requireKey(Objects.requireNonNull(publicKey, "publicKey"), "drifted peer public key");
    }
}
