package dev.tunnelgate.agent;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The firewall's drop counter for scrapes, read at most every few seconds: each reading runs {@code nft}, and any
 * number of scrapers should not multiply that. A reading that fails (no table yet, no nft) shows no counter.
 */
final class FirewallDrops {
    static final Duration MAX_AGE = Duration.ofSeconds(5);
    private static final System.Logger LOG = System.getLogger(FirewallDrops.class.getName());

    private final Firewall firewall;
    private final InstantSource clock;
    private Optional<Firewall.Dropped> last = Optional.empty();
    private @Nullable Instant readAt;

    FirewallDrops(Firewall firewall, InstantSource clock) {
        this.firewall = firewall;
        this.clock = clock;
    }

    synchronized Optional<Firewall.Dropped> read() {
        Instant now = clock.instant();
        if (readAt != null && now.isBefore(readAt.plus(MAX_AGE))) {
            return last;
        }
        try {
            last = firewall.dropped();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "reading the drop counter failed: " + InterfaceKeeper.message(e));
            last = Optional.empty();
        }
        readAt = now;
        return last;
    }
}
