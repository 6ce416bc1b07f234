package dev.tunnelgate.identity;

import java.util.EnumSet;
import java.util.Set;

/** Role names as Spring Security and {@code @RolesAllowed} see them (without the ROLE_ prefix). */
public final class Roles {
    public static final String USER = "USER";
    public static final String ADMIN = "ADMIN";
    public static final String APPROVER = "APPROVER";
    public static final String AUDITOR = "AUDITOR";

    private Roles() {}

    /** The roles a member of the given groups gets; every signed-in user is a USER, an admin is everything. */
    static Set<Role> fromGroups(Set<String> groups, IdentitySettings settings) {
        var roles = EnumSet.of(Role.USER);
        if (groups.contains(settings.adminGroup())) {
            roles.addAll(EnumSet.allOf(Role.class));
        }
        if (groups.contains(settings.approverGroup())) {
            roles.add(Role.APPROVER);
        }
        if (groups.contains(settings.auditorGroup())) {
            roles.add(Role.AUDITOR);
        }
        return roles;
    }

    enum Role {
        USER,
        ADMIN,
        APPROVER,
        AUDITOR;

        String authority() {
            return "ROLE_" + name();
        }
    }
}
