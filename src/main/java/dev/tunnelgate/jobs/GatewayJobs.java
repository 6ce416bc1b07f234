package dev.tunnelgate.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Stages jobs in the caller's transaction: the job row and db-scheduler's execution row commit or
 * roll back with the state change that needs them (the scheduler writes through the transaction's
 * connection: the starter wraps the DataSource in a {@code TransactionAwareDataSourceProxy}).
 */
@Service
public class GatewayJobs {
    private static final Logger log = LoggerFactory.getLogger(GatewayJobs.class);

    private final GatewayJobRepository jobs;
    private final Scheduler scheduler;
    private final Clock clock;

    GatewayJobs(GatewayJobRepository jobs, Scheduler scheduler, Clock clock) {
        this.jobs = jobs;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** Deletes the records of jobs that finished (done or failed) before {@code before}; returns how many. */
    @Transactional
    public int pruneFinished(Instant before) {
        return jobs.deleteFinishedBefore(EnumSet.of(JobStatus.DONE, JobStatus.FAILED), before);
    }

    /**
     * Makes sure that a job brings gateway group {@code groupId} to at least {@code revision}. A
     * job of the group that waits for its first attempt takes the new revision (its target never
     * goes down); otherwise a new job is queued and runs right after the commit. A job waiting out
     * the backoff after failed attempts is not joined: the new change would wait with it and
     * inherit its few remaining attempts. Call it after the change that bumped the group's
     * revision, in the same transaction: the lock that change holds on the group keeps two
     * concurrent stagings of one group from queueing two jobs.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void stage(long groupId, String groupName, long revision) {
        var now = clock.instant();
        var waiting = jobs.findForUpdate(groupId, JobStatus.QUEUED).stream()
                .filter(job -> job.attempts() == 0)
                .toList();
        if (!waiting.isEmpty()) {
            waiting.forEach(job -> job.raiseTarget(revision, groupName, now));
            return;
        }
        enqueue(jobs.save(new GatewayJob(groupId, groupName, revision, now)));
    }

    /**
     * A job of the group that is waiting already takes the failed job's target, else the failed job
     * itself is queued again. Returns the job that now carries the target.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    long retry(GatewayJob failed) {
        var waiting = jobs.findForUpdate(failed.groupId(), JobStatus.QUEUED);
        if (!waiting.isEmpty()) {
            var carrier = waiting.getFirst();
            carrier.takeOver(failed, clock.instant());
            return carrier.id();
        }
        failed.requeue(clock.instant());
        enqueue(failed);
        return failed.id();
    }

    private void enqueue(GatewayJob job) {
        var instance = JobsConfiguration.DELIVER_REVISION
                .instance(String.valueOf(job.id()))
                .build();
        if (!scheduler.scheduleIfNotExists(instance, clock.instant())) {
            // A job gives up its execution in the transaction that finishes it, so only hand-edited rows get here.
            log.warn("Job {} already had an execution; it runs with that one", job.id());
        }
        // db-scheduler's own immediate execution looks before the commit and cannot see the new
        // row; look again once it is visible.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                scheduler.triggerCheckForDueExecutions();
            }
        });
    }
}
