package dev.tunnelgate.scim;

import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.audit.AuditTarget;
import dev.tunnelgate.identity.ProvisionedUsers;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.persistence.UniqueNames;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.node.ObjectNode;

/**
 * SCIM Groups: the groups the identity provider pushes and their members (provisioned users). Every change that
 * alters a user's SCIM groups (a membership, a group's name, a deleted group) replaces that user's recorded groups at
 * once, as a sign-in would (policies re-evaluated, gateways updated, roles recomputed), in the change's transaction.
 * A group is locked before it is changed, so two changes of one group take turns; the members it touches are locked
 * in id order, so that changes of two groups with shared members cannot both compute a user's groups from a stale
 * view.
 */
@Service
@PreAuthorize("hasRole('" + Roles.PROVISIONER + "')")
class ScimGroups {
    private static final String ACTOR = ScimAuthenticationFilter.ACTOR;
    private static final String NAME_CONSTRAINT = "uq_scim_group_name";

    private final JdbcTemplate jdbc;
    private final ProvisionedUsers users;
    private final ScimIssuer issuer;
    private final AuditLog audit;
    private final Clock clock;

    ScimGroups(JdbcTemplate jdbc, ProvisionedUsers users, ScimIssuer issuer, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.users = users;
        this.issuer = issuer;
        this.audit = audit;
        this.clock = clock;
    }

    /** A stored group, without its members. */
    record Group(
            long id,
            String displayName,
            String groupName,
            @Nullable String externalId,
            Instant createdAt,
            Instant updatedAt) {}

    /** Which groups a list shows: all, or those whose displayName (ignoring case) or externalId is a value. */
    enum Match {
        ALL,
        DISPLAY_NAME,
        EXTERNAL_ID
    }

    private static final RowMapper<Long> ID = (rs, row) -> rs.getLong(1);

    private static final RowMapper<Group> GROUP = (rs, row) -> new Group(
            rs.getLong("id"),
            rs.getString("display_name"),
            rs.getString("group_name"),
            rs.getString("external_id"),
            rs.getTimestamp("created_at").toInstant(),
            rs.getTimestamp("updated_at").toInstant());

    @Transactional
    Group create(GroupDocument group) {
        requireNameFree(group.groupName(), null);
        var members = requireMembers(group.members());
        var now = Timestamp.from(clock.instant());
        var keys = new GeneratedKeyHolder();
        try {
            jdbc.update(
                    connection -> {
                        var insert = connection.prepareStatement(
                                "insert into scim_group (version, display_name, group_name, external_id, created_at,"
                                        + " updated_at) values (0, ?, ?, ?, ?, ?)",
                                new String[] {"id"});
                        insert.setString(1, group.displayName());
                        insert.setString(2, group.groupName());
                        insert.setString(3, group.externalId());
                        insert.setTimestamp(4, now);
                        insert.setTimestamp(5, now);
                        return insert;
                    },
                    keys);
        } catch (DataIntegrityViolationException e) {
            throw nameTakenOr(e);
        }
        long id = Objects.requireNonNull(keys.getKey()).longValue();
        addMembers(id, members);
        audit.record(
                ACTOR,
                AuditAction.SCIM_GROUP_CREATED,
                AuditTarget.scimGroup(id),
                "displayName=%s externalId=%s members=%s".formatted(group.displayName(), group.externalId(), members));
        assignGroups(members);
        return find(id).orElseThrow();
    }

    @Transactional(readOnly = true)
    Optional<Group> find(long id) {
        return jdbc.query("select * from scim_group where id = ?", GROUP, id).stream()
                .findFirst();
    }

    /** The members' ids with their userNames, by id. */
    @Transactional(readOnly = true)
    Map<Long, String> members(long groupId) {
        return new TreeMap<>(users.userNames(memberIds(groupId)));
    }

    @Transactional(readOnly = true)
    List<Group> list(Match match, String value, int offset, int count) {
        if (count <= 0) {
            return List.of();
        }
        return jdbc.query(
                "select * from scim_group" + condition(match) + " order by id offset ? rows fetch next ? rows only",
                GROUP,
                parameters(match, value, offset, count));
    }

    @Transactional(readOnly = true)
    long count(Match match, String value) {
        return Objects.requireNonNull(jdbc.queryForObject(
                "select count(*) from scim_group" + condition(match), Long.class, parameters(match, value)));
    }

    /** PUT: the group becomes what the document says (its full member list included). */
    @Transactional
    Group replace(long id, GroupDocument group) {
        return update(lock(id), group);
    }

    /** PATCH: the operations applied to the group as SCIM shows it (with its members), then stored as PUT is. */
    @Transactional
    Group patch(long id, ObjectNode request) {
        var current = lock(id);
        var patched = ScimLibrary.patch(GroupDocument.render(current, members(id)), request, GroupDocument.SCHEMA);
        return update(current, GroupDocument.read(patched));
    }

    @Transactional
    void delete(long id) {
        var current = lock(id);
        var members = memberIds(id);
        users.lockAll(issuer.get(), members);
        jdbc.update("delete from scim_group where id = ?", id);
        audit.record(
                ACTOR,
                AuditAction.SCIM_GROUP_DELETED,
                AuditTarget.scimGroup(id),
                "displayName=%s members=%s".formatted(current.displayName(), members));
        assignGroups(members);
    }

    /** Takes a user that is being deprovisioned out of every group; the caller locked the user. */
    @Transactional(propagation = Propagation.MANDATORY)
    void forget(long userId) {
        var groups =
                jdbc.query("select group_id from scim_group_member where user_id = ? order by group_id", ID, userId);
        if (groups.isEmpty()) {
            return;
        }
        jdbc.update("delete from scim_group_member where user_id = ?", userId);
        for (var group : groups) {
            audit.record(
                    ACTOR, AuditAction.SCIM_GROUP_CHANGED, AuditTarget.scimGroup(group), "removed=[" + userId + "]");
        }
        assignGroups(List.of(userId));
    }

    private Group update(Group current, GroupDocument group) {
        var before = memberIds(current.id());
        var added = new TreeSet<>(group.members());
        added.removeAll(before);
        var removed = new TreeSet<>(before);
        removed.removeAll(group.members());
        var renamed = !current.groupName().equals(group.groupName());
        var changed = renamed
                || !current.displayName().equals(group.displayName())
                || !Objects.equals(current.externalId(), group.externalId());
        if (!changed && added.isEmpty() && removed.isEmpty()) {
            return current;
        }
        if (renamed) {
            requireNameFree(group.groupName(), current.id());
        }
        var affected = new TreeSet<Long>(renamed ? before : removed);
        affected.addAll(renamed ? group.members() : added);
        // One lock call in id order, so that two changes of different groups cannot wait for each other.
        var found = users.lockAll(issuer.get(), affected).keySet();
        for (var id : added) {
            if (!found.contains(id)) {
                throw GroupDocument.noSuchMember(Long.toString(id));
            }
        }
        try {
            jdbc.update(
                    "update scim_group set version = version + 1, display_name = ?, group_name = ?, external_id = ?,"
                            + " updated_at = ? where id = ?",
                    group.displayName(),
                    group.groupName(),
                    group.externalId(),
                    Timestamp.from(clock.instant()),
                    current.id());
        } catch (DataIntegrityViolationException e) {
            throw nameTakenOr(e);
        }
        if (!removed.isEmpty()) {
            jdbc.batchUpdate(
                    "delete from scim_group_member where group_id = ? and user_id = ?",
                    removed.stream().map(u -> new Object[] {current.id(), u}).toList());
        }
        addMembers(current.id(), added);
        audit.record(
                ACTOR,
                AuditAction.SCIM_GROUP_CHANGED,
                AuditTarget.scimGroup(current.id()),
                "displayName=%s externalId=%s added=%s removed=%s"
                        .formatted(group.displayName(), group.externalId(), added, removed));
        assignGroups(affected);
        return find(current.id()).orElseThrow();
    }

    private Group lock(long id) {
        return jdbc.query("select * from scim_group where id = ? for update", GROUP, id).stream()
                .findFirst()
                .orElseThrow(() -> ScimRefusal.notFound("No group " + id));
    }

    private List<Long> memberIds(long groupId) {
        return jdbc.query("select user_id from scim_group_member where group_id = ? order by user_id", ID, groupId);
    }

    /** Locks the users to add (id order) and refuses any that is not a provisioned user of this issuer. */
    private Set<Long> requireMembers(Set<Long> userIds) {
        var found = users.lockAll(issuer.get(), userIds).keySet();
        for (var id : userIds) {
            if (!found.contains(id)) {
                throw GroupDocument.noSuchMember(Long.toString(id));
            }
        }
        return new TreeSet<>(userIds);
    }

    private void addMembers(long groupId, Collection<Long> userIds) {
        if (!userIds.isEmpty()) {
            jdbc.batchUpdate(
                    "insert into scim_group_member (group_id, user_id) values (?, ?)",
                    userIds.stream().map(u -> new Object[] {groupId, u}).toList());
        }
    }

    /** Sets each user's recorded groups to the names of the SCIM groups it is in now (users locked, id order). */
    private void assignGroups(Collection<Long> userIds) {
        for (var userId : new TreeSet<>(userIds)) {
            var names = jdbc.query(
                    "select g.group_name from scim_group g join scim_group_member m on m.group_id = g.id"
                            + " where m.user_id = ?",
                    (rs, row) -> Objects.requireNonNull(rs.getString(1)),
                    userId);
            users.assignGroups(userId, names, ACTOR);
        }
    }

    private void requireNameFree(String groupName, @Nullable Long self) {
        var taken = jdbc.query("select id from scim_group where group_name = ?", ID, groupName).stream()
                .anyMatch(id -> !id.equals(self));
        if (taken) {
            throw ScimRefusal.uniqueness("Another group has this displayName");
        }
    }

    private static RuntimeException nameTakenOr(DataIntegrityViolationException e) {
        return UniqueNames.refusedBy(e, NAME_CONSTRAINT)
                ? ScimRefusal.uniqueness("Another group has this displayName")
                : e;
    }

    private static String condition(Match match) {
        return switch (match) {
            case ALL -> "";
            case DISPLAY_NAME -> " where lower(display_name) = ?";
            case EXTERNAL_ID -> " where external_id = ?";
        };
    }

    private static Object[] parameters(Match match, String value, Object... more) {
        var all = new ArrayList<Object>();
        if (match != Match.ALL) {
            all.add(match == Match.DISPLAY_NAME ? UniqueNames.key(value) : value);
        }
        all.addAll(List.of(more));
        return all.toArray();
    }
}
