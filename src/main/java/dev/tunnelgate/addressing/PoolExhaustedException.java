package dev.tunnelgate.addressing;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A pool with no address left to hand out; the message gives the counts an admin needs to act. */
public class PoolExhaustedException extends RuntimeException {
    private final long networkId;
    private final long inUse;
    private final long inQuarantine;
    private final @Nullable Instant nextFreeAt;

    PoolExhaustedException(
            long networkId,
            AddressPool pool,
            long inUse,
            long reserved,
            long inQuarantine,
            @Nullable Instant nextFreeAt) {
        super("Network %d has no free %s addresses in %s: %d in use, %d reserved for gateways, %s"
                .formatted(
                        networkId,
                        pool.family() == AddressFamily.IPV4 ? "IPv4" : "IPv6",
                        pool,
                        inUse,
                        reserved,
                        nextFreeAt == null
                                ? "none in quarantine"
                                : "%d in quarantine until %s (the first of them)".formatted(inQuarantine, nextFreeAt)));
        this.networkId = networkId;
        this.inUse = inUse;
        this.inQuarantine = inQuarantine;
        this.nextFreeAt = nextFreeAt;
    }

    public long networkId() {
        return networkId;
    }

    public long inUse() {
        return inUse;
    }

    public long inQuarantine() {
        return inQuarantine;
    }

    /** When the first quarantined address becomes free again, or null when none is in quarantine. */
    public @Nullable Instant nextFreeAt() {
        return nextFreeAt;
    }
}
