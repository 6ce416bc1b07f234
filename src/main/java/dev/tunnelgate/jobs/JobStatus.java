package dev.tunnelgate.jobs;

/** Where a job is: waiting (also between attempts), in an attempt, delivered, or given up. */
public enum JobStatus {
    QUEUED,
    RUNNING,
    DONE,
    FAILED
}
