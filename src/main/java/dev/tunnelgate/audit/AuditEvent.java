package dev.tunnelgate.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;
import org.jspecify.annotations.Nullable;

/** One state change: who did what to which object, and when. Never updated. */
@Entity
@Immutable
@Table(name = "audit_event")
public class AuditEvent {
    static final int ACTOR_MAX = 200;
    static final int ACTION_MAX = 64;
    static final int TARGET_MAX = 200;
    static final int DETAILS_MAX = 2000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private @Nullable Long id;

    @Column(nullable = false, updatable = false)
    private Instant occurredAt;

    @Column(nullable = false, updatable = false)
    private String actor;

    @Column(nullable = false, updatable = false)
    private String action;

    @Column(nullable = false, updatable = false)
    private String target;

    @Column(nullable = false, updatable = false)
    private String details;

    protected AuditEvent() {
        this(Instant.EPOCH, "", "", "", "");
    }

    AuditEvent(Instant occurredAt, String actor, String action, String target, String details) {
        this.occurredAt = occurredAt;
        this.actor = actor;
        this.action = action;
        this.target = target;
        this.details = details;
    }

    /** Ascending in the order events were recorded. */
    public long id() {
        if (id == null) {
            throw new IllegalStateException("Audit event is not saved yet");
        }
        return id;
    }

    public Instant occurredAt() {
        return occurredAt;
    }

    public String actor() {
        return actor;
    }

    public String action() {
        return action;
    }

    public String target() {
        return target;
    }

    public String details() {
        return details;
    }
}
