package dev.tunnelgate.protocol;

import dev.tunnelgate.keys.KeyText;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A difference an agent found between its interface (or its firewall) and the state it applied, and repaired.
 *
 * @param publicKey the peer it concerns; null only for {@link Kind#RULES}, which concerns no single peer
 */
public record DriftEntry(Kind kind, @Nullable String publicKey) {
    public enum Kind {
        /** a peer on the interface that the portal did not ask for (e.g. added by hand) */
        EXTRA,
        /** a desired peer that was missing */
        MISSING,
        /** a desired peer whose preshared key or allowed IPs differed */
        CHANGED,
        /** what a desired peer may reach differed in the firewall (its element missing, changed or added) */
        ACCESS,
        /** the firewall's table itself differed: a rule, chain or element for no peer changed, or the table gone */
        RULES
    }

    public DriftEntry {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.RULES) {
            if (publicKey != null) {
                throw new IllegalArgumentException("drift of the rules names no peer");
            }
        } else {
            if (publicKey == null) {
                throw new IllegalArgumentException("drift of a peer names the peer");
            }
            KeyText.requireKey(publicKey, "drifted peer public key");
        }
    }

    /** The firewall's table differed from what was applied. */
    public static DriftEntry rules() {
        return new DriftEntry(Kind.RULES, null);
    }

    /** {@code rules}, or the kind and the peer: how reports and the portal write it. */
    @Override
    public String toString() {
        String word = kind.name().toLowerCase(java.util.Locale.ROOT);
        return publicKey == null ? word : word + ' ' + publicKey;
    }
}
