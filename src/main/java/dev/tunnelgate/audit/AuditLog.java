package dev.tunnelgate.audit;

import dev.tunnelgate.text.SafeText;
import java.time.Clock;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Writes audit events inside the caller's transaction, so a change and its record commit together. */
@Service
public class AuditLog {
    private final AuditEventRepository events;
    private final Clock clock;

    AuditLog(AuditEventRepository events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /**
     * Records a state change. Texts are made single-line and cut to their column size, so no
     * value can forge another event or line; never pass secrets.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String actor, AuditAction action, AuditTarget target, String details) {
        events.save(new AuditEvent(
                clock.instant(),
                singleLine(actor, AuditEvent.ACTOR_MAX),
                singleLine(action.code(), AuditEvent.ACTION_MAX),
                singleLine(target.text(), AuditEvent.TARGET_MAX),
                singleLine(details, AuditEvent.DETAILS_MAX)));
    }

    /** The newest events first, filtered by part of the actor's name, an exact target and an exact action. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('ADMIN', 'AUDITOR')")
    public Slice<AuditEvent> search(AuditFilter filter, Pageable pageable) {
        return events.search(
                filter.actor().strip(), filter.target().strip(), filter.action().strip(), pageable);
    }

    static String singleLine(String text, int max) {
        return SafeText.oneLine(text, max, "?");
    }
}
