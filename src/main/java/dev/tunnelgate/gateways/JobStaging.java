package dev.tunnelgate.gateways;

import dev.tunnelgate.jobs.DeliveryProgress;
import dev.tunnelgate.jobs.GatewayJobs;
import java.util.ArrayList;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Connects gateway revisions to the job queue: every raised revision stages a job in the same transaction (the
 * group row is locked by then), and a job asks here how many active members have acknowledged its revision.
 */
@Component
class JobStaging implements DeliveryProgress {
    private final GatewayJobs jobs;
    private final JdbcTemplate jdbc;

    JobStaging(GatewayJobs jobs, JdbcTemplate jdbc) {
        this.jobs = jobs;
        this.jdbc = jdbc;
    }

    @EventListener
    void on(GroupRevisionRaised event) {
        jobs.stage(event.groupId(), event.groupName(), event.revision());
    }

    @Override
    @Transactional(readOnly = true)
    public Progress progress(long groupId, long targetRevision) {
        var pending = new ArrayList<Pending>();
        int[] counts = new int[2];
        jdbc.query(
                "select name, applied_revision from gateway_member where group_id = ? and revoked_at is null order by name",
                rs -> {
                    counts[0]++;
                    long applied = rs.getLong(2);
                    if (applied >= targetRevision) {
                        counts[1]++;
                    } else {
                        pending.add(new Pending(rs.getString(1), applied));
                    }
                },
                groupId);
        return new Progress(counts[1], counts[0], pending);
    }
}
