package dev.tunnelgate.audit;

import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** Insert and read only: the audit log is append-only. */
interface AuditEventRepository extends Repository<AuditEvent, Long> {
    AuditEvent save(AuditEvent event);

    /** Empty filters match everything; the actor filter is a case-insensitive part of the name. */
    String FILTER = """
            (:actor = '' or lower(e.actor) like lower(concat('%', :actor, '%')))
              and (:target = '' or e.target = :target)
              and (:action = '' or e.action = :action)""";

    @Query("select e from AuditEvent e where " + FILTER + " order by e.occurredAt desc, e.id desc")
    Slice<AuditEvent> search(String actor, String target, String action, Pageable pageable);

    /** As {@link #search}, the events after (older than) the one at {@code occurredAt} with {@code id}. */
    @Query("select e from AuditEvent e where " + FILTER + """
             and (e.occurredAt < :occurredAt or (e.occurredAt = :occurredAt and e.id < :id))
            order by e.occurredAt desc, e.id desc""")
    List<AuditEvent> searchOlder(
            String actor, String target, String action, Instant occurredAt, long id, Pageable pageable);

    /**
     * Events about the target, or done by the actor whose texts end with the tag. The tag is the end of the text (not
     * a part that a display name could hold): "(user:7)" is not found in "(user:17)".
     */
    @Query("""
            select e from AuditEvent e
            where e.target = :target or e.actor like concat('%', :actorTag)
            order by e.occurredAt desc, e.id desc""")
    Slice<AuditEvent> trail(String target, String actorTag, Pageable pageable);

    boolean existsByTargetAndActionAndOccurredAtAfter(String target, String action, Instant since);
}
