package dev.tunnelgate.jobs;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads what jobs changed from the gateway groups' change log ({@code gateway_change}: which public keys changed at
 * which revision, {@code *} for the whole set), with the devices' names and owners: two queries for a page of jobs,
 * however many jobs and changes it has. Housekeeping prunes the log below the revision every live member applied and
 * leaves a {@code *} there; so for a job created before the last pruning, revisions below the group's oldest logged
 * one, and a {@code *} at that oldest one, count as pruned rather than as "nothing changed" or "whole set".
 */
@Component
class JobChangeLog {
    /** The change log has no table of its own here: it is read by name, like the tables of the other features. */
    private static final String WHOLE_SET = "*";

    private static final String PRUNED_ACTION = "system.pruned";
    private static final String PRUNED_TARGET = "system:housekeeping";

    private final NamedParameterJdbcTemplate jdbc;

    JobChangeLog(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private record Key(
            String publicKey,
            long revision,
            @Nullable String device,
            @Nullable String owner) {}

    private record Job(long firstRevision, @Nullable Long oldestLogged, boolean groupExists, boolean maybePruned) {}

    Map<Long, JobChanges> changes(Collection<Long> jobIds) {
        if (jobIds.isEmpty()) {
            return Map.of();
        }
        var ids = Map.of("ids", jobIds, "named", JobChanges.NAMED_MAX + 1);
        var jobs = new HashMap<Long, Job>();
        jdbc.query("""
                select j.id, j.first_revision, j.created_at,
                       (select min(c.revision) from gateway_change c where c.group_id = j.group_id),
                       (select count(*) from gateway_group g where g.id = j.group_id),
                       (select max(a.occurred_at) from audit_event a where a.target = :target and a.action = :action)
                from gateway_job j where j.id in (:ids)
                """, Map.of("ids", jobIds, "target", PRUNED_TARGET, "action", PRUNED_ACTION), rs -> {
            var created = rs.getTimestamp(3).toInstant();
            Timestamp pruned = rs.getTimestamp(6);
            Long oldest = rs.getObject(4, Long.class);
            jobs.put(
                    rs.getLong(1),
                    new Job(
                            rs.getLong(2),
                            oldest,
                            rs.getLong(5) > 0,
                            pruned != null && !created.isAfter(pruned.toInstant())));
        });
        var keys = new HashMap<Long, List<Key>>();
        var counts = new HashMap<Long, Integer>();
        // Distinct keys per job, the whole-set marker first, then at most NAMED_MAX + 1 of them with their devices.
        jdbc.query("""
                select k.job_id, k.public_key, k.revision, k.keys, d.name, u.display_name
                from (select j.id as job_id, c.public_key, max(c.revision) as revision,
                             count(*) over (partition by j.id) as keys,
                             row_number() over (partition by j.id
                                 order by case when c.public_key = '*' then 0 else 1 end, max(c.revision), c.public_key) as n
                      from gateway_job j
                      join gateway_change c on c.group_id = j.group_id
                                           and c.revision between j.first_revision and j.target_revision
                      where j.id in (:ids)
                      group by j.id, c.public_key) k
                left join device_key dk on dk.public_key = k.public_key
                left join device d on d.id = dk.device_id
                left join app_user u on u.id = d.owner_id
                where k.n <= :named
                order by k.job_id, k.n
                """, ids, rs -> {
            long job = rs.getLong(1);
            counts.put(job, rs.getInt(4));
            keys.computeIfAbsent(job, id -> new ArrayList<>())
                    .add(new Key(rs.getString(2), rs.getLong(3), rs.getString(5), rs.getString(6)));
        });
        var result = new HashMap<Long, JobChanges>();
        jobs.forEach((id, job) ->
                result.put(id, changes(job, keys.getOrDefault(id, List.of()), counts.getOrDefault(id, 0))));
        return result;
    }

    private static JobChanges changes(Job job, List<Key> keys, int count) {
        if (!job.groupExists()) {
            // A deleted group's log went with it.
            return new JobChanges(0, List.of(), false, true);
        }
        var wholeSet =
                keys.stream().filter(k -> k.publicKey().equals(WHOLE_SET)).findFirst();
        int peers = count - (wholeSet.isPresent() ? 1 : 0);
        var named = keys.stream()
                .filter(k -> !k.publicKey().equals(WHOLE_SET))
                .limit(JobChanges.NAMED_MAX)
                .map(k -> new JobChanges.Peer(k.device(), k.owner(), k.publicKey()))
                .toList();
        var oldest = job.oldestLogged();
        // The whole-set marker at the oldest logged revision may be the one pruning left there.
        boolean markerAtOldest = oldest != null
                && wholeSet.map(k -> k.revision() == oldest.longValue()).orElse(false);
        boolean pruned = job.maybePruned() && oldest != null && (job.firstRevision() < oldest || markerAtOldest);
        boolean whole = wholeSet.isPresent() && !(pruned && markerAtOldest);
        return new JobChanges(peers, named, whole, pruned);
    }
}
