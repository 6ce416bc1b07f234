package dev.tunnelgate.housekeeping;

import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.audit.AuditTarget;
import dev.tunnelgate.devices.DeviceLifecycle;
import dev.tunnelgate.gateways.ChangeLogPruning;
import dev.tunnelgate.jobs.GatewayJobs;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** What the scheduled tasks do, callable with any instant so that tests need not wait for a clock. */
@Component
public class Housekeeping {
    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private final DeviceLifecycle lifecycle;
    private final ChangeLogPruning changeLog;
    private final GatewayJobs jobs;
    private final AuditLog audit;
    private final HousekeepingSettings settings;
    private final TransactionTemplate tx;

    Housekeeping(
            DeviceLifecycle lifecycle,
            ChangeLogPruning changeLog,
            GatewayJobs jobs,
            AuditLog audit,
            HousekeepingSettings settings,
            TransactionTemplate tx) {
        this.tx = tx;
        this.lifecycle = lifecycle;
        this.changeLog = changeLog;
        this.jobs = jobs;
        this.audit = audit;
        this.settings = settings;
    }

    /** Revokes expired devices, then stale ones; returns how many devices were revoked. */
    public int applyLifecycle(Instant now) {
        int expired = lifecycle.expire(now);
        int stale = lifecycle.revokeStale(now);
        if (expired + stale > 0) {
            log.info("Revoked {} expired and {} stale device(s)", expired, stale);
        }
        return expired + stale;
    }

    /** Prunes the change log and finished jobs older than the retention; audits what went, if anything. */
    public Pruned prune(Instant now) {
        var pruned = new Pruned(changeLog.prune(), jobs.pruneFinished(now.minus(settings.jobRetention())));
        if (pruned.changeRows() + pruned.jobs() > 0) {
            tx.executeWithoutResult(status -> audit.record(
                    "system",
                    AuditAction.HOUSEKEEPING_PRUNED,
                    AuditTarget.system("housekeeping"),
                    "changeRows=%d jobs=%d jobRetention=%s"
                            .formatted(pruned.changeRows(), pruned.jobs(), settings.jobRetention())));
        }
        return pruned;
    }

    public record Pruned(int changeRows, int jobs) {}
}
