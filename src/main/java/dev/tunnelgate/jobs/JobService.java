package dev.tunnelgate.jobs;

import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.audit.AuditTarget;
import dev.tunnelgate.identity.CurrentUser;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.Message;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The job queue as admins see it: lists, counts, and retrying failed jobs. */
@Service
@Transactional
@PreAuthorize("hasRole('" + Roles.ADMIN + "')")
public class JobService {
    /** The most jobs {@link #changes} describes at once: a page of the Jobs view, with room to spare. */
    public static final int MAX_CHANGES_JOBS = 200;

    private final GatewayJobRepository jobs;
    private final GatewayJobs gatewayJobs;
    private final JobChangeLog changeLog;
    private final AuditLog audit;
    private final CurrentUser currentUser;

    JobService(
            GatewayJobRepository jobs,
            GatewayJobs gatewayJobs,
            JobChangeLog changeLog,
            AuditLog audit,
            CurrentUser currentUser) {
        this.jobs = jobs;
        this.gatewayJobs = gatewayJobs;
        this.changeLog = changeLog;
        this.audit = audit;
        this.currentUser = currentUser;
    }

    /** Jobs newest first, all of them or those of one status. */
    @Transactional(readOnly = true)
    public Slice<JobRow> list(@Nullable JobStatus status, Pageable pageable) {
        var slice = status == null
                ? jobs.findAllByOrderByCreatedAtDescIdDesc(pageable)
                : jobs.findByStatusOrderByCreatedAtDescIdDesc(status, pageable);
        return slice.map(GatewayJob::row);
    }

    /**
     * What each of the given jobs (a page of the list, at most {@value #MAX_CHANGES_JOBS}) changed, by job id; ids of
     * no job are left out. Two queries, however many jobs and changes.
     */
    @Transactional(readOnly = true)
    public Map<Long, JobChanges> changes(Collection<Long> jobIds) {
        if (jobIds.size() > MAX_CHANGES_JOBS) {
            throw new IllegalArgumentException("At most %d jobs at once".formatted(MAX_CHANGES_JOBS));
        }
        return changeLog.changes(Set.copyOf(jobIds));
    }

    /** How many jobs there are of each status (zero included). */
    @Transactional(readOnly = true)
    public Map<JobStatus, Long> counts() {
        var counts = new EnumMap<JobStatus, Long>(JobStatus.class);
        for (var status : JobStatus.values()) {
            counts.put(status, 0L);
        }
        for (var row : jobs.countByStatus()) {
            counts.put((JobStatus) row[0], ((Number) row[1]).longValue());
        }
        return counts;
    }

    /**
     * Queues a failed job again with a fresh set of attempts. When the group has a waiting job
     * already, that job takes the failed one's target instead. Returns the job that carries it.
     */
    public long retry(long jobId) {
        var job = jobs.findForUpdate(jobId).orElseThrow(() -> new JobNotFoundException(jobId));
        if (job.status() != JobStatus.FAILED) {
            throw new ConflictException(Message.of(
                    "refusals.job.not-failed", jobId, job.status().name().toLowerCase(Locale.ROOT)));
        }
        var details = String.format(
                Locale.ROOT,
                "group=%s revision=%d attempts=%d lastError=%s",
                job.groupName(),
                job.targetRevision(),
                job.attempts(),
                job.lastError());
        var carrier = gatewayJobs.retry(job);
        audit.record(
                currentUser.actor(),
                AuditAction.JOB_RETRIED,
                AuditTarget.job(jobId),
                carrier == jobId ? details : details + " joined=job:" + carrier);
        return carrier;
    }
}
