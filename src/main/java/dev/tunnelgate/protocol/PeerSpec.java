package dev.tunnelgate.protocol;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.keys.KeyText;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One peer as a gateway should have it. Allowed IPs are stored in the spelling {@code wg show} prints
 * (see {@link IpPrefix#toString}), so desired and actual state compare as strings.
 *
 * @param grant the {@link Grant#key() key} of what the peer may reach through the gateway; null: nothing
 */
public record PeerSpec(
        String publicKey,
        @Nullable String presharedKey,
        List<String> allowedIps,
        @Nullable String grant) {
    /** Bounds one {@code wg set} argument well under the kernel's 128 KiB per-argument limit. */
    public static final int MAX_ALLOWED_IPS = 1024;

    public PeerSpec {
        KeyText.requireKey(Objects.requireNonNull(publicKey, "publicKey"), "public key");
        if (presharedKey != null) {
            KeyText.requireKey(presharedKey, "preshared key");
        }
        Objects.requireNonNull(allowedIps, "allowedIps");
        if (allowedIps.isEmpty() || allowedIps.size() > MAX_ALLOWED_IPS) {
            throw new IllegalArgumentException("a peer needs between 1 and " + MAX_ALLOWED_IPS + " allowed IPs");
        }
        allowedIps = allowedIps.stream()
                .map(ip -> IpPrefix.parseNetwork(Objects.requireNonNull(ip, "allowed IP"))
                        .toString())
                .toList();
        if (new HashSet<>(allowedIps).size() != allowedIps.size()) {
            throw new IllegalArgumentException("allowed IPs of a peer must be distinct");
        }
        if (grant != null) {
            Grant.requireKey(grant);
        }
    }

    /** A peer that may reach nothing through the gateway (or a gateway that enforces no access). */
    public PeerSpec(String publicKey, @Nullable String presharedKey, List<String> allowedIps) {
        this(publicKey, presharedKey, allowedIps, null);
    }

    public PeerSpec withGrant(@Nullable String grantKey) {
        return new PeerSpec(publicKey, presharedKey, allowedIps, grantKey);
    }

    public boolean hasPresharedKey() {
        return presharedKey != null;
    }

    @Override
    public String toString() {
        return "PeerSpec[publicKey=" + publicKey + ", presharedKey=" + (presharedKey == null ? "none" : "<redacted>")
                + ", allowedIps=" + allowedIps + ", grant=" + grant + "]";
    }
}
