package dev.tunnelgate.jobs;

import dev.tunnelgate.jobs.DeliveryProgress.Progress;
import dev.tunnelgate.text.SafeText;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** "Bring gateway group G to at least revision R". Intent methods guard every status change. */
@Entity
@Table(name = "gateway_job")
class GatewayJob {
    static final int GROUP_NAME_MAX = 100;
    static final int LAST_ERROR_MAX = 500;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private @Nullable Long id;

    @Version
    private int version;

    @Column(updatable = false)
    private long groupId;

    private String groupName = "";

    /** The job delivers the group's changes from this revision to its target. */
    private long firstRevision;

    private long targetRevision;

    @Enumerated(EnumType.STRING)
    private JobStatus status = JobStatus.QUEUED;

    private int attempts;
    private @Nullable Integer acknowledged;
    private @Nullable Integer members;
    private @Nullable String lastError;

    @Column(updatable = false)
    private Instant createdAt = Instant.EPOCH;

    private Instant updatedAt = Instant.EPOCH;
    private @Nullable Instant finishedAt;

    protected GatewayJob() {}

    GatewayJob(long groupId, String groupName, long targetRevision, Instant now) {
        this.groupId = groupId;
        this.groupName = cut(groupName, GROUP_NAME_MAX);
        this.firstRevision = targetRevision;
        this.targetRevision = targetRevision;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** A newer revision of the same group joins this waiting job; the target never goes down. */
    void raiseTarget(long revision, String currentGroupName, Instant now) {
        requireStatus(JobStatus.QUEUED);
        targetRevision = Math.max(targetRevision, revision);
        groupName = cut(currentGroupName, GROUP_NAME_MAX);
        updatedAt = now;
    }

    /** This waiting job takes over the revisions of a failed one, which may begin before its own. */
    void takeOver(GatewayJob failed, Instant now) {
        raiseTarget(failed.targetRevision, groupName, now);
        firstRevision = Math.min(firstRevision, failed.firstRevision);
    }

    /** An attempt begins. RUNNING again means the previous attempt's scheduler died; it counts as failed. */
    void start(Instant now) {
        if (status != JobStatus.QUEUED && status != JobStatus.RUNNING) {
            throw new IllegalStateException("Job %s is %s and cannot start".formatted(id, status));
        }
        status = JobStatus.RUNNING;
        attempts++;
        updatedAt = now;
    }

    void observe(Progress progress, Instant now) {
        requireStatus(JobStatus.RUNNING);
        acknowledged = progress.acknowledged();
        members = progress.members();
        updatedAt = now;
    }

    void complete(Progress progress, Instant now) {
        observe(progress, now);
        status = JobStatus.DONE;
        lastError = null;
        finishedAt = now;
    }

    /** The attempt failed; the job waits in the queue for the next one. */
    void retryLater(String error, Instant now) {
        requireOpen();
        status = JobStatus.QUEUED;
        lastError = cut(error, LAST_ERROR_MAX);
        updatedAt = now;
    }

    /** The attempt was cut short (the portal stopped): it does not count, the job waits for the next one. */
    void abandonAttempt(String reason, Instant now) {
        requireStatus(JobStatus.RUNNING);
        status = JobStatus.QUEUED;
        attempts--;
        lastError = cut(reason, LAST_ERROR_MAX);
        updatedAt = now;
    }

    /** The last attempt failed: the job stays visible as FAILED until an admin retries it. */
    void fail(String error, Instant now) {
        requireOpen();
        status = JobStatus.FAILED;
        lastError = cut(error, LAST_ERROR_MAX);
        updatedAt = now;
        finishedAt = now;
    }

    /** An admin's retry: a fresh set of attempts; the last error stays until the next attempt ends. */
    void requeue(Instant now) {
        requireStatus(JobStatus.FAILED);
        status = JobStatus.QUEUED;
        attempts = 0;
        updatedAt = now;
        finishedAt = null;
    }

    boolean isOpen() {
        return status == JobStatus.QUEUED || status == JobStatus.RUNNING;
    }

    private void requireOpen() {
        if (!isOpen()) {
            throw new IllegalStateException("Job %s is already %s".formatted(id, status));
        }
    }

    private void requireStatus(JobStatus expected) {
        if (status != expected) {
            throw new IllegalStateException("Job %s is %s, not %s".formatted(id, status, expected));
        }
    }

    private static String cut(String text, int max) {
        return SafeText.oneLine(text, max, "?");
    }

    long id() {
        if (id == null) {
            throw new IllegalStateException("Job is not saved yet");
        }
        return id;
    }

    long groupId() {
        return groupId;
    }

    String groupName() {
        return groupName;
    }

    long targetRevision() {
        return targetRevision;
    }

    long firstRevision() {
        return firstRevision;
    }

    JobStatus status() {
        return status;
    }

    int attempts() {
        return attempts;
    }

    Instant createdAt() {
        return createdAt;
    }

    @Nullable
    String lastError() {
        return lastError;
    }

    JobRow row() {
        return new JobRow(
                id(),
                groupId,
                groupName,
                firstRevision,
                targetRevision,
                status,
                attempts,
                acknowledged,
                members,
                lastError,
                createdAt,
                updatedAt,
                finishedAt);
    }
}
