package dev.tunnelgate.audit;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.repository.Repository;

/** Insert and read only: the audit log is append-only. */
interface AuditEventRepository extends Repository<AuditEvent, Long> {
    AuditEvent save(AuditEvent event);

    Slice<AuditEvent> findAllByOrderByOccurredAtDescIdDesc(Pageable pageable);

    Slice<AuditEvent> findByTargetOrderByOccurredAtDescIdDesc(String target, Pageable pageable);
}
