package dev.tunnelgate.jobs;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A job as the Jobs view lists it: it delivers the group's revisions {@code firstRevision} to {@code targetRevision};
 * acknowledged and members are null until the first look.
 */
public record JobRow(
        long id,
        long groupId,
        String groupName,
        long firstRevision,
        long targetRevision,
        JobStatus status,
        int attempts,
        @Nullable Integer acknowledged,
        @Nullable Integer members,
        @Nullable String lastError,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant finishedAt) {}
