package dev.tunnelgate.identity;

import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.audit.AuditTarget;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one way a user's recorded groups change, whoever reports them: a sign-in's groups claim, or the identity
 * provider's SCIM groups. A change is announced ({@link UserGroupsChanging} before, {@link UserGroupsChanged} after)
 * in the caller's transaction, so that what the groups decide (access policies) follows at once, and audited.
 */
@Component
class GroupAssignments {
    /** More groups than any real directory sends a user; beyond it the list is cut (sorted, the first ones kept). */
    static final int MAX_GROUPS = 1000;

    private final UserGroups groups;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    GroupAssignments(UserGroups groups, AuditLog audit, ApplicationEventPublisher events) {
        this.groups = groups;
        this.audit = audit;
        this.events = events;
    }

    /**
     * Replaces the recorded groups when {@code reported} names others; names are normalized ({@link GroupNames}) and
     * those that no policy could name are left out. Returns the groups recorded now.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Set<String> replace(long userId, Collection<String> reported, String actor) {
        var claimed = reported.stream()
                .map(GroupNames::normalize)
                .filter(GroupNames::isRecordable)
                .sorted()
                .limit(MAX_GROUPS)
                .collect(Collectors.toCollection(TreeSet::new));
        var before = groups.of(userId);
        if (before.equals(claimed)) {
            return claimed;
        }
        events.publishEvent(new UserGroupsChanging(userId));
        groups.replace(userId, claimed);
        audit.record(
                actor,
                AuditAction.USER_GROUPS_CHANGED,
                AuditTarget.user(userId),
                "before=%s after=%s".formatted(before, claimed));
        events.publishEvent(new UserGroupsChanged(userId));
        return claimed;
    }
}
