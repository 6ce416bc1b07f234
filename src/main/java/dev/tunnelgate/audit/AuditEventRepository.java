package dev.tunnelgate.audit;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** Insert and read only: the audit log is append-only. */
interface AuditEventRepository extends Repository<AuditEvent, Long> {
    AuditEvent save(AuditEvent event);

    /** Empty filters match everything; the actor filter is a case-insensitive part of the name. */
    @Query("""
            select e from AuditEvent e
            where (:actor = '' or lower(e.actor) like lower(concat('%', :actor, '%')))
              and (:target = '' or e.target = :target)
              and (:action = '' or e.action = :action)
            order by e.occurredAt desc, e.id desc""")
    Slice<AuditEvent> search(String actor, String target, String action, Pageable pageable);
}
