package dev.tunnelgate.audit;

import dev.tunnelgate.text.SafeText;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Writes audit events inside the caller's transaction, so a change and its record commit together. */
@Service
public class AuditLog {
    /** An actor tag names one account, such as {@code (user:7)}: nothing a LIKE pattern would read as a wildcard. */
    private static final Pattern ACTOR_TAG = Pattern.compile("\\([a-z-]{1,32}:[0-9]{1,19}\\)");

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

    /**
     * As {@link #search}, up to {@code limit} events that follow {@code previous} (the last event of the page before;
     * null for the first page). Pages are found by the last event's position, not by an offset: a page deep in a long
     * log costs what the first costs, and events recorded between two pages (newer than both) make the next page
     * neither repeat nor skip an event, so an export can read the log page by page in transactions of their own.
     */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('ADMIN', 'AUDITOR')")
    public List<AuditEvent> searchAfter(AuditFilter filter, @Nullable AuditEvent previous, int limit) {
        var first = PageRequest.of(0, limit);
        var actor = filter.actor().strip();
        var target = filter.target().strip();
        var action = filter.action().strip();
        return previous == null
                ? events.search(actor, target, action, first).getContent()
                : events.searchOlder(actor, target, action, previous.occurredAt(), previous.id(), first);
    }

    /**
     * The trail of one object, newest first: events about it (its target) and events it did (actors whose text ends
     * with {@code actorTag}, such as {@code (user:7)}).
     */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('ADMIN', 'AUDITOR')")
    public Slice<AuditEvent> trail(AuditTarget target, String actorTag, Pageable pageable) {
        if (!ACTOR_TAG.matcher(actorTag).matches()) {
            throw new IllegalArgumentException("Not an actor tag");
        }
        return events.trail(target.text(), actorTag, pageable);
    }

    /** Whether an event of this action about this target was recorded after {@code since} (to record one only so often). */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean recordedSince(AuditAction action, AuditTarget target, Instant since) {
        return events.existsByTargetAndActionAndOccurredAtAfter(target.text(), action.code(), since);
    }

    static String singleLine(String text, int max) {
        return SafeText.oneLine(text, max, "?");
    }
}
