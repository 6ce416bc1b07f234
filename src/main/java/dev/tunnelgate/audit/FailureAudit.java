package dev.tunnelgate.audit;

import dev.tunnelgate.text.SafeText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Audits refused credentials without letting a caller flood the append-only log: failures with the same target and
 * window name are audited at most once a {@link #WINDOW}, the next event counting the ones in between (which are only
 * logged). Callers choose the window name so that failures whose target the caller picks (an id that does not exist,
 * a malformed token) share one window.
 */
@Component
public class FailureAudit {
    public static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MAX_WINDOWS = 10_000;
    private static final Logger log = LoggerFactory.getLogger(FailureAudit.class);

    private final AuditLog audit;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(Instant started, int suppressed) {}

    FailureAudit(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Records one refusal.
     *
     * @param reason what was wrong, audited as {@code reason=…}
     * @param window failures with the same action, target and window share one audit event per {@link #WINDOW}
     */
    @Transactional(propagation = Propagation.REQUIRED)
    public void refused(AuditAction action, AuditTarget target, String reason, String window, String remoteAddress) {
        var now = clock.instant();
        var key = action.code() + " " + target + " " + window;
        var previous = new int[1];
        var current = windows.compute(key, (k, open) -> {
            if (open != null && open.started().isAfter(now.minus(WINDOW))) {
                return new Window(open.started(), open.suppressed() + 1);
            }
            previous[0] = open == null ? 0 : open.suppressed();
            return new Window(now, 0);
        });
        if (current.suppressed() == 0) {
            audit.record(
                    "anonymous",
                    action,
                    target,
                    "reason=%s from=%s%s"
                            .formatted(
                                    reason,
                                    SafeText.oneLine(remoteAddress, 64, "?"),
                                    previous[0] == 0 ? "" : " (and " + previous[0] + " more before)"));
        } else {
            log.info(
                    "Refused credential for {} ({}), {} time(s) since the last audit event",
                    target,
                    reason,
                    current.suppressed());
        }
        if (windows.size() > MAX_WINDOWS) {
            windows.values().removeIf(w -> w.started().isBefore(now.minus(WINDOW)));
        }
    }
}
