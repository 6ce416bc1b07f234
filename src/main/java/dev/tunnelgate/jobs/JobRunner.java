package dev.tunnelgate.jobs;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import dev.tunnelgate.jobs.DeliveryProgress.Progress;
import dev.tunnelgate.text.SafeText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs attempts of jobs on db-scheduler's threads: each attempt waits, without a transaction, until
 * every member of the group has acknowledged the target, or until the ack timeout. A timed-out or
 * broken attempt ends in the failure handler, which queues the next attempt or gives the job up.
 */
@Component
class JobRunner {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    private static final DeliveryProgress NO_GATEWAYS = (groupId, targetRevision) -> Progress.noMembers();

    private final GatewayJobRepository jobs;
    private final ObjectProvider<DeliveryProgress> deliveryProgress;
    private final TransactionTemplate tx;
    private final JobSettings settings;
    private final JobMetrics metrics;
    private final Clock clock;
    private final AtomicBoolean warnedAboutNoGateways = new AtomicBoolean();

    JobRunner(
            GatewayJobRepository jobs,
            ObjectProvider<DeliveryProgress> deliveryProgress,
            TransactionTemplate tx,
            JobSettings settings,
            JobMetrics metrics,
            Clock clock) {
        this.jobs = jobs;
        this.deliveryProgress = deliveryProgress;
        this.tx = tx;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** One attempt of job {@code jobId}; returns when the job is done, throws when it is not (yet). */
    void attempt(long jobId, ExecutionContext context) {
        var target = tx.execute(status -> jobs.findForUpdate(jobId)
                .filter(GatewayJob::isOpen)
                .map(job -> {
                    job.start(clock.instant());
                    return new Target(job.groupId(), job.groupName(), job.targetRevision(), job.createdAt());
                })
                .orElse(null));
        if (target == null) {
            log.info("Job {} is gone or finished already; nothing to do", jobId);
            return;
        }
        var deadline = clock.instant().plus(settings.ackTimeout());
        Progress seen = null;
        while (true) {
            var progress = progress().progress(target.groupId(), target.revision());
            if (progress.complete()) {
                var done = clock.instant();
                tx.executeWithoutResult(status -> job(jobId).complete(progress, done));
                if (progress.members() == 0) {
                    log.info("Job {}: group {} has no members, nothing to deliver", jobId, target.groupName());
                } else {
                    metrics.delivered(target.groupId(), Duration.between(target.createdAt(), done));
                }
                return;
            }
            if (!progress.equals(seen)) {
                tx.executeWithoutResult(status -> job(jobId).observe(progress, clock.instant()));
                seen = progress;
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new DeliveryIncompleteException(waitingFor(progress, target.revision()));
            }
            if (context.getSchedulerState().isShuttingDown()) {
                throw new AttemptInterruptedException();
            }
            pause();
        }
    }

    /**
     * db-scheduler's failure handler: the job's state and the execution's next time change in one
     * transaction (the scheduler writes through the transaction's connection).
     */
    void attemptFailed(ExecutionComplete complete, ExecutionOperations<Void> execution) {
        var jobId = jobId(complete.getExecution().taskInstance.getId());
        var cause = complete.getCause().orElse(null);
        var error = describe(cause);
        if (cause != null
                && !(cause instanceof DeliveryIncompleteException)
                && !(cause instanceof AttemptInterruptedException)) {
            log.warn("Job {}: the attempt broke", jobId, cause);
        }
        tx.executeWithoutResult(status -> {
            var job = jobs.findForUpdate(jobId).filter(GatewayJob::isOpen).orElse(null);
            if (job == null) {
                execution.remove();
                return;
            }
            var now = clock.instant();
            if (cause instanceof AttemptInterruptedException && job.status() == JobStatus.RUNNING) {
                job.abandonAttempt(error, now);
                execution.reschedule(complete, now.plus(settings.retryDelay()));
            } else if (job.attempts() >= settings.maxAttempts()) {
                log.warn(
                        "Job {} (group {}, revision {}) failed after {} attempts: {}",
                        jobId,
                        job.groupName(),
                        job.targetRevision(),
                        job.attempts(),
                        error);
                job.fail(error, now);
                execution.remove();
            } else {
                var next = now.plus(settings.retryDelayAfter(job.attempts()));
                log.info("Job {} attempt {} failed ({}); next at {}", jobId, job.attempts(), error, next);
                job.retryLater(error, now);
                execution.reschedule(complete, next);
            }
        });
    }

    static long jobId(String instanceId) {
        return Long.parseLong(instanceId);
    }

    private GatewayJob job(long jobId) {
        return jobs.findForUpdate(jobId).orElseThrow(() -> new JobNotFoundException(jobId));
    }

    private DeliveryProgress progress() {
        var progress = deliveryProgress.getIfAvailable();
        if (progress != null) {
            return progress;
        }
        if (warnedAboutNoGateways.compareAndSet(false, true)) {
            log.warn("No DeliveryProgress implementation: every gateway group counts as having no members");
        }
        return NO_GATEWAYS;
    }

    private void pause() {
        try {
            Thread.sleep(settings.pollInterval());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AttemptInterruptedException();
        }
    }

    /** "waiting for gw-b (applied 41 of 42), gw-c (applied none of 42)": one line, cut to the column. */
    static String waitingFor(Progress progress, long revision) {
        if (progress.pending().isEmpty()) {
            return String.format(
                    Locale.ROOT,
                    "waiting for %d of %d members to apply %d",
                    progress.members() - progress.acknowledged(),
                    progress.members(),
                    revision);
        }
        return progress.pending().stream()
                .map(p -> String.format(
                        Locale.ROOT,
                        "%s (applied %s of %d)",
                        SafeText.oneLine(p.member(), 64, "?"),
                        p.appliedRevision() > 0 ? String.valueOf(p.appliedRevision()) : "none",
                        revision))
                .collect(Collectors.joining(", ", "waiting for ", ""));
    }

    /** What went wrong, as one line that fits the last_error column (and a log line). */
    private static String describe(@Nullable Throwable cause) {
        if (cause == null) {
            return "failed";
        }
        var text = cause instanceof DeliveryIncompleteException || cause instanceof AttemptInterruptedException
                ? String.valueOf(cause.getMessage())
                : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return SafeText.oneLine(text, GatewayJob.LAST_ERROR_MAX, "?");
    }

    private record Target(long groupId, String groupName, long revision, Instant createdAt) {}

    /** Not every member acknowledged the target within the ack timeout. */
    static class DeliveryIncompleteException extends RuntimeException {
        DeliveryIncompleteException(String message) {
            super(message, null, false, false);
        }
    }

    /** The portal is stopping: the attempt ends early and does not count towards giving up. */
    static class AttemptInterruptedException extends RuntimeException {
        AttemptInterruptedException() {
            super("interrupted: the portal stopped during the attempt", null, false, false);
        }
    }
}
