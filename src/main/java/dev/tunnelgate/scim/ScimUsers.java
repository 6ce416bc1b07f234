package dev.tunnelgate.scim;

import dev.tunnelgate.devices.Offboarding;
import dev.tunnelgate.identity.ProvisionedUser;
import dev.tunnelgate.identity.ProvisionedUsers;
import dev.tunnelgate.identity.Roles;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.node.ObjectNode;

/**
 * SCIM Users: the identity provider creates, replaces, patches and deletes users, each in one transaction. A user is
 * the account (issuer, subject), the subject being the configured attribute (externalId or userName), which therefore
 * never changes. {@code active: false} offboards the user as an admin would (devices revoked, sign-in refused, open
 * sessions end); {@code active: true} restores the account. Delete offboards and ends the provisioning.
 */
@Service
@PreAuthorize("hasRole('" + Roles.PROVISIONER + "')")
class ScimUsers {
    private static final String ACTOR = ScimAuthenticationFilter.ACTOR;

    private final ProvisionedUsers users;
    private final Offboarding offboarding;
    private final ScimGroups groups;
    private final ScimIssuer issuer;
    private final ScimSettings settings;

    ScimUsers(
            ProvisionedUsers users,
            Offboarding offboarding,
            ScimGroups groups,
            ScimIssuer issuer,
            ScimSettings settings) {
        this.users = users;
        this.offboarding = offboarding;
        this.groups = groups;
        this.issuer = issuer;
        this.settings = settings;
    }

    /** A page of users and how many match, by id. */
    record Page(List<ProvisionedUser> users, long total) {}

    @Transactional
    ProvisionedUser create(UserDocument user) {
        var subject = subjectOf(user);
        if (subject == null) {
            throw ScimRefusal.invalidValue(settings.subjectAttribute().scimName()
                    + " is required: it is the user's subject at the identity provider");
        }
        var created = users.provision(issuer.get(), subject, attributes(user, user.externalId()), ACTOR);
        return activate(created, user.active() == null || user.active());
    }

    @Transactional(readOnly = true)
    ProvisionedUser get(long id) {
        return users.find(issuer.get(), id).orElseThrow(() -> notFound(id));
    }

    @Transactional(readOnly = true)
    Page list(ProvisionedUsers.Match match, String value, int offset, int count) {
        return new Page(users.list(issuer.get(), match, value, offset, count), users.count(issuer.get(), match, value));
    }

    /** PUT: the user becomes what the document says; attributes left out are cleared, except the subject. */
    @Transactional
    ProvisionedUser replace(long id, UserDocument user) {
        return update(lock(id), user);
    }

    /** PATCH: the operations applied to the user as SCIM shows it, then stored as {@link #replace} would. */
    @Transactional
    ProvisionedUser patch(long id, ObjectNode request) {
        var current = lock(id);
        var patched = ScimLibrary.patch(UserDocument.render(current), request, UserDocument.SCHEMA);
        return update(current, UserDocument.read(patched));
    }

    /** DELETE: offboarded (if still active), out of every SCIM group, no longer provisioned. */
    @Transactional
    void delete(long id) {
        var current = lock(id);
        if (current.active()) {
            offboarding.offboardDeactivated(id, ACTOR);
        }
        groups.forget(id);
        users.deprovision(id, ACTOR);
    }

    private ProvisionedUser lock(long id) {
        return users.lock(issuer.get(), id).orElseThrow(() -> notFound(id));
    }

    private ProvisionedUser update(ProvisionedUser current, UserDocument user) {
        var subject = subjectOf(user);
        if (subject != null && !subject.equals(current.subject())) {
            throw ScimRefusal.mutability(settings.subjectAttribute().scimName()
                    + " is the user's subject at the identity provider and cannot change");
        }
        // A document without the subject attribute keeps it: it names the account and cannot be cleared.
        var externalId = settings.subjectAttribute() == ScimSettings.SubjectAttribute.EXTERNAL_ID
                ? current.externalId()
                : user.externalId();
        var updated = users.update(issuer.get(), current.id(), attributes(user, externalId), ACTOR);
        return user.active() == null ? updated : activate(updated, user.active());
    }

    private ProvisionedUser activate(ProvisionedUser user, boolean active) {
        if (user.active() == active) {
            return user;
        }
        if (active) {
            users.restore(user.id(), ACTOR);
        } else {
            offboarding.offboardDeactivated(user.id(), ACTOR);
        }
        return get(user.id());
    }

    private @Nullable String subjectOf(UserDocument user) {
        var subject = switch (settings.subjectAttribute()) {
            case EXTERNAL_ID -> user.externalId();
            case USER_NAME -> user.userName();
        };
        if (subject != null && subject.length() > ProvisionedUsers.SUBJECT_MAX_LENGTH) {
            throw ScimRefusal.invalidValue(settings.subjectAttribute().scimName() + " is longer than "
                    + ProvisionedUsers.SUBJECT_MAX_LENGTH + " characters");
        }
        return subject;
    }

    private static ProvisionedUsers.Attributes attributes(UserDocument user, @Nullable String externalId) {
        return new ProvisionedUsers.Attributes(user.userName(), externalId, user.displayName(), user.email());
    }

    private static ScimRefusal notFound(long id) {
        return ScimRefusal.notFound("No user " + id);
    }
}
